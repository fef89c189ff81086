"""Many people opening the app at once (issue #14: 10 sessions waited 41 s for a map, each new session cost
the server 1.2 s of CPU): a real Streamlit server on a free 127.0.0.1 port, sessions driven by a light client
that speaks Streamlit's websocket protocol (mapapp.loadtest). Times live in `python -m mapapp bench`; this
checks that every session gets its map and what a new session costs the server in CPU."""

from __future__ import annotations

import statistics

from mapapp.loadtest import app_server, measure_sessions

NEW_SESSION_CPU_GOAL_S = 0.2


def test_sessions_opened_at_once_all_get_their_map_and_a_new_one_costs_the_server_little():
    with app_server() as server:
        measure_sessions(server, 1)  # the first reads the article; the others share its analysis
        alone = [measure_sessions(server, 1).server_cpu_per_session_s for _ in range(5)]
        crowd = measure_sessions(server, 10, query="doc=mali_war.md&phase=foreign-intervention-january-2013")
    assert crowd.sessions == 10 and crowd.first_map_p95_s > 0  # each of the ten got its map
    assert statistics.median(alone) < NEW_SESSION_CPU_GOAL_S, alone
