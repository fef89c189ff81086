"""mapapp: turn a narrative conflict article into a map you can step through, phase by phase.

The core (model, load, dates, extract, gazetteer, phases, pipeline) imports neither folium nor streamlit.
"""

__version__ = "0.1.0"
