// src/lib/server/db/create-db.ts
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
function createDb(path, options = {}) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5e3)}`);
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("cache_size = -65536");
  return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
}

// src/lib/server/indicator-rows.ts
import { sql } from "kysely";

// src/lib/stats/indicators/builder.ts
function createBlockBuilder(shape, persons2, waves, isLater) {
  const width = shape.items.length;
  const scaleWidth = shape.scales.length;
  const slot = new Int32Array(persons2 * waves).fill(-1);
  let capacity = 256;
  let rows = 0;
  let person = new Int32Array(capacity);
  let wave = new Uint8Array(capacity);
  let site = new Uint16Array(capacity);
  let keys = new Int32Array(capacity);
  let values = new Float64Array(capacity * width);
  let states = new Uint8Array(capacity * width);
  let scores = new Float64Array(capacity * scaleWidth);
  let bands = new Int8Array(capacity * scaleWidth);
  function grow() {
    capacity *= 2;
    person = resized(person, capacity);
    wave = resized(wave, capacity);
    site = resized(site, capacity);
    keys = resized(keys, capacity);
    values = resized(values, capacity * width);
    states = resized(states, capacity * width);
    scores = resized(scores, capacity * scaleWidth);
    bands = resized(bands, capacity * scaleWidth);
  }
  return {
    startRow(p2, w, s, key, initialStates) {
      const at = p2 * waves + w;
      let row = slot[at];
      if (row >= 0) {
        if (!isLater(keys[row], key)) return -1;
      } else {
        if (rows === capacity) grow();
        row = rows++;
        slot[at] = row;
      }
      person[row] = p2;
      wave[row] = w;
      site[row] = s;
      keys[row] = key;
      for (let i = 0, at2 = row * width; i < width; i++, at2++) {
        values[at2] = NaN;
        states[at2] = initialStates[i];
      }
      for (let i = 0, at2 = row * scaleWidth; i < scaleWidth; i++, at2++) {
        scores[at2] = NaN;
        bands[at2] = -1;
      }
      return row;
    },
    setItem(row, column, value, state) {
      values[row * width + column] = value;
      states[row * width + column] = state;
    },
    setScore(row, column, score, band) {
      scores[row * scaleWidth + column] = score;
      bands[row * scaleWidth + column] = band;
    },
    finish() {
      return {
        ...shape,
        rows,
        person: person.slice(0, rows),
        wave: wave.slice(0, rows),
        site: site.slice(0, rows),
        values: values.slice(0, rows * width),
        states: states.slice(0, rows * width),
        scores: scores.slice(0, rows * scaleWidth),
        bands: bands.slice(0, rows * scaleWidth)
      };
    }
  };
}
function resized(array, length) {
  const next = new array.constructor(length);
  next.set(array);
  return next;
}

// src/lib/stats/indicators/dataset.ts
var ITEM_NOT_ASKED = 0;
var ITEM_ANSWERED = 1;
var ITEM_DONT_KNOW = 2;
var ITEM_UNANSWERED = 3;
function rowIncluded(block, row, filter) {
  if (filter.site >= 0 && block.site[row] !== filter.site) return false;
  return filter.persons === null || filter.persons[block.person[row]] === 1;
}

// src/lib/server/indicator-packed.ts
var SPACE = 32;
var COMMA = 44;
var MINUS = 45;
var DOT = 46;
var COLON = 58;
var SEMICOLON = 59;
var EQUALS = 61;
var FNV_OFFSET = 2166136261;
var FNV_PRIME = 16777619;
var KeyIndex = class {
  constructor(keys) {
    this.keys = keys;
    let size = 8;
    while (size < keys.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    keys.forEach((key, i) => {
      const hash = hashOf(key);
      let at = hash & this.mask;
      while (this.slots[at] !== 0) at = at + 1 & this.mask;
      this.slots[at] = i + 1;
      this.hashes[at] = hash;
    });
  }
  keys;
  slots;
  hashes;
  mask;
  /** Index of the key spelled by `text[start, end)` whose hash is `hash`, or −1. */
  find(text, start, end, hash) {
    for (let at = hash & this.mask; this.slots[at] !== 0; at = at + 1 & this.mask) {
      if (this.hashes[at] !== hash) continue;
      const key = this.keys[this.slots[at] - 1];
      if (key.length === end - start && text.startsWith(key, start)) return this.slots[at] - 1;
    }
    return -1;
  }
};
function hashOf(key) {
  return hashRange(key, 0, key.length);
}
var POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
function tokenEnd(text, pos) {
  let ch = text.charCodeAt(pos);
  while (ch === ch && ch !== COMMA && ch !== SPACE && ch !== SEMICOLON) ch = text.charCodeAt(++pos);
  return pos;
}
function parseDecimal(text, start, end) {
  let pos = start;
  const negative = text.charCodeAt(pos) === MINUS;
  if (negative) pos++;
  if (pos >= end) return NaN;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; pos < end; pos++) {
    const ch = text.charCodeAt(pos);
    if (ch >= 48 && ch <= 57) {
      if (mantissa > 0 || ch !== 48) digits++;
      mantissa = mantissa * 10 + (ch - 48);
      if (fraction >= 0) fraction++;
    } else if (ch === DOT && fraction < 0) fraction = 0;
    else return Number(text.substring(start, end));
  }
  if (digits > 15 || fraction > 22) return Number(text.substring(start, end));
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -value : value;
}
function parseTables(catalog2) {
  return { catalog: catalog2, scales: new KeyIndex(catalog2.scaleKeys), bands: new KeyIndex(catalog2.bandKeys), items: new KeyIndex(catalog2.itemKeys) };
}
function parseWave(text, wave, tables2, respondents2, builders) {
  const end = text.length;
  let pos = 0;
  while (pos < end) {
    let stop = tokenEnd(text, pos);
    const site = parseDecimal(text, pos, stop);
    pos = stop + 1;
    stop = tokenEnd(text, pos);
    const version = tables2.catalog.versions[parseDecimal(text, pos, stop)];
    const receivedAt = stop + 1;
    const idStart = text.indexOf(" ", receivedAt) + 1;
    let hash = FNV_OFFSET;
    let ch = text.charCodeAt(pos = idStart);
    while (ch !== SPACE && ch === ch) {
      hash = Math.imul(hash ^ ch, FNV_PRIME);
      ch = text.charCodeAt(++pos);
    }
    const respondent = respondents2.ids.find(text, idStart, pos, hash);
    const person = respondent >= 0 ? respondents2.person[respondent] : -1;
    const builder = version ? builders[version.block] : void 0;
    const row = builder && person >= 0 && site >= 0 ? builder.startRow(person, wave, site, receivedAt, version.initialStates) : -1;
    if (row < 0) {
      const next = text.indexOf(";", pos);
      pos = next < 0 ? end : next + 1;
    } else pos = readTokens(text, pos + 1, tables2, version, builder, row);
  }
}
function readTokens(text, pos, tables2, version, builder, row) {
  for (; ; ) {
    const start = pos;
    let hash = FNV_OFFSET;
    let ch = text.charCodeAt(pos);
    while (ch === ch && ch !== COMMA && ch !== EQUALS && ch !== COLON && ch !== SPACE && ch !== SEMICOLON) {
      hash = Math.imul(hash ^ ch, FNV_PRIME);
      ch = text.charCodeAt(++pos);
    }
    const keyEnd = pos;
    if (ch === COMMA) {
      const scaleKey = tables2.scales.find(text, start, keyEnd, hash);
      const scoreEnd = tokenEnd(text, keyEnd + 1);
      const bandStart = scoreEnd + 1;
      pos = tokenEnd(text, bandStart);
      const column = scaleKey >= 0 ? version.scaleColumn[scaleKey] : -1;
      if (column >= 0) {
        const band = pos > bandStart ? tables2.bands.find(text, bandStart, pos, hashRange(text, bandStart, pos)) : -1;
        builder.setScore(row, column, parseDecimal(text, keyEnd + 1, scoreEnd), band >= 0 ? version.bandPosition[scaleKey][band] : -1);
      }
    } else if (ch === EQUALS) {
      pos = tokenEnd(text, keyEnd + 1);
      const itemKey = tables2.items.find(text, start, keyEnd, hash);
      const column = itemKey >= 0 ? version.itemColumn[itemKey] : -1;
      if (column >= 0) storeValue(builder, row, column, parseDecimal(text, keyEnd + 1, pos), version.missingCodes[itemKey]);
    } else if (ch === COLON) {
      pos = keyEnd + 1;
      while (pos < text.length && text.charCodeAt(pos) !== SPACE && text.charCodeAt(pos) !== SEMICOLON) pos++;
      const itemKey = tables2.items.find(text, start, keyEnd, hash);
      const column = itemKey >= 0 ? version.itemColumn[itemKey] : -1;
      if (column >= 0) storeChoices(builder, row, column, text.substring(keyEnd + 1, pos), version.missingCodes[itemKey]);
    }
    ch = text.charCodeAt(pos++);
    if (ch !== SPACE) return pos;
  }
}
function hashRange(text, start, end) {
  let hash = FNV_OFFSET;
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ text.charCodeAt(at), FNV_PRIME);
  return hash;
}
function storeValue(builder, row, column, value, missing) {
  if (value !== value) return;
  for (let i = 0; i < missing.length; i++) {
    if (missing[i] === value) {
      builder.setItem(row, column, NaN, ITEM_DONT_KNOW);
      return;
    }
  }
  builder.setItem(row, column, value, ITEM_ANSWERED);
}
function storeChoices(builder, row, column, codes, missing) {
  const chosen = /* @__PURE__ */ new Set();
  let missingChosen = false;
  for (const part of codes.split(",")) {
    const code = part === "" ? NaN : Number(part);
    if (missing.includes(code)) missingChosen = true;
    else if (Number.isFinite(code)) chosen.add(code);
  }
  if (chosen.size > 0) builder.setItem(row, column, chosen.size, ITEM_ANSWERED);
  else if (missingChosen) builder.setItem(row, column, NaN, ITEM_DONT_KNOW);
}

// src/lib/server/indicator-rows.ts
function indexOf(column, values) {
  if (values.length === 0) return sql`-1`;
  const whens = values.map((value, i) => sql`when ${value} then ${sql.lit(i)}`);
  return sql`case ${column} ${sql.join(whens, sql` `)} else -1 end`;
}
function packedWaveQuery(catalog2, projectId, waveId) {
  const site = indexOf(sql`r.site_id`, catalog2.sites.map((s) => s.id));
  const version = indexOf(sql`r.instrument_version_id`, catalog2.versionIds);
  const value = catalog2.multiItemKeys.length === 0 ? sql`'=' || a.value_num` : sql`case when a.item_key in (${sql.join(catalog2.multiItemKeys)}) then ':' || replace(a.value_text, ' ', ',') else '=' || a.value_num end`;
  const scores = sql`coalesce((select string_agg(s.scale_key || ',' || s.score || ',' || coalesce(s.band, ''), ' ') from scores s where s.response_id = x.id and s.score is not null), '')`;
  const answers = sql`coalesce((select string_agg(a.item_key || ${value}, ' ') from answers a where a.response_id = x.id), '')`;
  return sql`select string_agg(x.t || ' ' || x.v || ' ' || x.received_at || ' ' || x.respondent_id || ' ' || ${scores} || ' ' || ${answers}, ';') as packed
from (select r.id, r.respondent_id, r.received_at, ${site} as t, ${version} as v from responses r
      where r.project_id = ${projectId} and r.wave_id = ${waveId} and r.excluded = 0 order by r.id) x`;
}
async function readPersons(db2, projectId) {
  const rows = await db2.selectFrom("respondents").select(["id", "merged_into_id", "withdrawn_at"]).where("project_id", "=", projectId).execute();
  const index = new Map(rows.map((row, i) => [row.id, i]));
  const person = new Int32Array(rows.length).fill(-1);
  let persons2 = 0;
  rows.forEach((row, i) => {
    if (row.merged_into_id === null && row.withdrawn_at === null) person[i] = persons2++;
  });
  rows.forEach((row, i) => {
    const target = row.merged_into_id === null ? void 0 : index.get(row.merged_into_id);
    if (target !== void 0 && row.withdrawn_at === null) person[i] = person[target];
  });
  return { persons: persons2, respondents: { ids: new KeyIndex(rows.map((row) => row.id)), person } };
}

// src/lib/instruments/scoring.ts
function reverseItems(instrument, scale) {
  const reversed = new Set(scale.reverse);
  for (const key of scale.items) {
    if (instrument.items.find((item) => item.key === key)?.reverse) reversed.add(key);
  }
  return reversed;
}
function itemRange(instrument, itemKey) {
  const item = instrument.items.find((candidate) => candidate.key === itemKey);
  if (!item) return void 0;
  if (item.type === "number") {
    return item.min !== void 0 && item.max !== void 0 ? [item.min, item.max] : void 0;
  }
  const codes = scaleOptions(instrument, item).filter((option) => !option.missing).map((option) => option.code);
  if (codes.length === 0) return void 0;
  if (item.type === "multi") return [0, codes.length];
  return [Math.min(...codes), Math.max(...codes)];
}
function scaleOptions(instrument, item) {
  return instrument.responseScales.find((scale) => scale.key === item.scale)?.options ?? [];
}

// src/lib/stats/indicators/catalog.ts
function orderWaves(waves) {
  const ordered = [...waves].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  const firstBaseline = ordered.findIndex((wave) => wave.kind === "baseline");
  const baseline = ordered.length === 0 ? -1 : Math.max(firstBaseline, 0);
  return { waves: ordered.map((wave, i) => ({ ...wave, isBaseline: i === baseline })), baseline };
}
function subgroupItems(instrument) {
  if (instrument.scales.length > 0) return [];
  return instrument.items.filter((item) => item.type === "single").map((item) => {
    const options = instrument.responseScales.find((scale) => scale.key === item.scale)?.options ?? [];
    return {
      item,
      option: {
        item: item.key,
        instrument: instrument.key,
        prompt: item.prompt,
        options: options.filter((o) => !o.missing).map((o) => ({ code: o.code, label: o.label }))
      }
    };
  });
}
function scaleRange(instrument, scale) {
  const ranges = scale.items.map((key) => itemRange(instrument, key));
  if (ranges.length === 0 || ranges.some((range) => range === void 0)) return null;
  const k = scale.method === "sum" ? scale.items.length : 1;
  let min = Math.min(...ranges.map((range) => range[0])) * k;
  let max = Math.max(...ranges.map((range) => range[1])) * k;
  if (scale.transform) {
    [min, max] = [min * scale.transform.multiply + scale.transform.add, max * scale.transform.multiply + scale.transform.add];
    if (min > max) [min, max] = [max, min];
  }
  return { min, max };
}
function buildCatalog(waves, sites, versions) {
  const newest = /* @__PURE__ */ new Map();
  for (const version of versions) {
    const known = newest.get(version.instrument.key);
    if (!known || version.createdAt > known.createdAt) newest.set(version.instrument.key, version);
  }
  const instruments = [...newest.values()].map((v) => v.instrument).sort((a, b) => a.key.localeCompare(b.key));
  const keyCount = /* @__PURE__ */ new Map();
  for (const scale of instruments.flatMap((i) => i.scales)) keyCount.set(scale.key, (keyCount.get(scale.key) ?? 0) + 1);
  const scales = [];
  const layouts = [];
  const blocks = [];
  const subgroups = [];
  for (const instrument of instruments) {
    const background = subgroupItems(instrument);
    const items = [.../* @__PURE__ */ new Set([...instrument.scales.flatMap((s) => s.items), ...background.map((b) => b.item.key)])];
    const block = {
      instrument: instrument.key,
      items,
      conditional: items.map((key) => instrument.items.some((item) => item.key === key && item.relevance !== void 0)),
      scales: []
    };
    for (const scale of instrument.scales) {
      const reversed = reverseItems(instrument, scale);
      block.scales.push(scales.length);
      layouts.push({
        block: blocks.length,
        column: block.scales.length - 1,
        itemColumns: scale.items.map((key) => items.indexOf(key)),
        reverseSums: scale.items.map((key) => {
          const range = reversed.has(key) ? itemRange(instrument, key) : void 0;
          return range ? range[0] + range[1] : null;
        })
      });
      scales.push({
        id: (keyCount.get(scale.key) ?? 0) > 1 ? `${instrument.key}.${scale.key}` : scale.key,
        instrument: instrument.key,
        key: scale.key,
        label: scale.label,
        description: scale.description ?? null,
        method: scale.method,
        higherIsBetter: scale.higherIsBetter,
        items: scale.items,
        range: scaleRange(instrument, scale),
        bands: scale.bands,
        transform: scale.transform ?? null
      });
    }
    subgroups.push(...background.map((b) => b.option));
    blocks.push(block);
  }
  const scaleKeys = [...new Set(versions.flatMap((v) => v.instrument.scales.map((s) => s.key)))];
  const bandKeys = [...new Set(versions.flatMap((v) => v.instrument.scales.flatMap((s) => s.bands.map((b) => b.key))))];
  const itemKeys = [...new Set(blocks.flatMap((b) => b.items))];
  const blockOf = new Map(blocks.map((b, i) => [b.instrument, i]));
  const tables2 = versions.map((version) => {
    const blockIndex = blockOf.get(version.instrument.key);
    const block = blocks[blockIndex];
    const own = (key) => version.instrument.scales.find((s) => s.key === key);
    return {
      block: blockIndex,
      scaleColumn: Int16Array.from(scaleKeys, (key) => own(key) ? block.scales.findIndex((i) => scales[i].key === key) : -1),
      bandPosition: scaleKeys.map((key) => {
        const current = block.scales.map((i) => scales[i]).find((s) => s.key === key);
        return Int8Array.from(bandKeys, (band) => current?.bands.findIndex((b) => b.key === band) ?? -1);
      }),
      itemColumn: Int16Array.from(itemKeys, (key) => version.instrument.items.some((i) => i.key === key) ? block.items.indexOf(key) : -1),
      missingCodes: itemKeys.map((key) => missingCodesOf(version.instrument, key)),
      initialStates: Uint8Array.from(
        block.items,
        (key, column) => version.instrument.items.some((i) => i.key === key) && !block.conditional[column] ? ITEM_UNANSWERED : ITEM_NOT_ASKED
      )
    };
  });
  const ordered = orderWaves(waves);
  return {
    ...ordered,
    sites: [...sites],
    scales,
    layouts,
    blocks,
    subgroups,
    scaleKeys,
    bandKeys,
    itemKeys,
    multiItemKeys: itemKeys.filter((key) => versions.some((v) => v.instrument.items.some((i) => i.key === key && i.type === "multi"))),
    versionIds: versions.map((v) => v.id),
    versions: tables2
  };
}
function missingCodesOf(instrument, itemKey) {
  const item = instrument.items.find((i) => i.key === itemKey);
  const options = instrument.responseScales.find((scale) => scale.key === item?.scale)?.options ?? [];
  return options.filter((o) => o.missing).map((o) => o.code);
}

// src/lib/stats/numeric.ts
var MAX_MAGNITUDE = 1e100;
function assertFinite(values, what) {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!(Math.abs(value) <= MAX_MAGNITUDE)) throw new RangeError(`${what}[${index}] is not a finite score: ${value}`);
  }
}
function sum(values) {
  return shiftedSum(values, 0);
}
function shiftedSum(values, shift, squared = false) {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - shift;
    const value = squared ? deviation * deviation : deviation;
    const next = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
    total = next;
  }
  return total + compensation;
}
function mean(values) {
  const n = values.length;
  const first = sum(values) / n;
  return first + shiftedSum(values, first) / n;
}
function variance(values, center = mean(values)) {
  const squares = shiftedSum(values, center, true);
  const residual = shiftedSum(values, center);
  return Math.max(0, (squares - residual * residual / values.length) / (values.length - 1));
}
function sumOfSquares(values) {
  return values.length < 2 ? 0 : variance(values) * (values.length - 1);
}
function isEssentiallyZero(standardError, ...means) {
  const scale = Math.max(0, ...means.map(Math.abs));
  return !(standardError > 10 * Number.EPSILON * scale);
}
function finiteOrNull(value) {
  return Number.isFinite(value) ? value : null;
}

// src/lib/stats/distributions.ts
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
function twoSidedP(t, df) {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}
function tCritical95(df) {
  return tQuantile(0.975, df);
}
var Z_CRITICAL_95 = normalQuantile(0.975, 0, 1);

// src/lib/stats/types.ts
var MIN_INFERENTIAL_N = 2;
var CAUTION_N = 10;

// src/lib/stats/tests.ts
var NO_INFERENCE = { se: null, t: null, df: null, p: null, ci: null };
function welchTTest(x, y) {
  assertFinite(x, "x");
  assertFinite(y, "y");
  const nX = x.length;
  const nY = y.length;
  const base = { n: nX + nY, nX, nY, caution: Math.min(nX, nY) < CAUTION_N };
  const meanX = nX > 0 ? mean(x) : null;
  const meanY = nY > 0 ? mean(y) : null;
  if (meanX === null || meanY === null) {
    return { ...base, reason: "empty", meanX, meanY, difference: null, ...NO_INFERENCE };
  }
  const difference = meanX - meanY;
  const described = { ...base, meanX, meanY, difference };
  if (Math.min(nX, nY) < MIN_INFERENTIAL_N) return { ...described, reason: "n-below-2", ...NO_INFERENCE };
  const squaredSeX = variance(x, meanX) / nX;
  const squaredSeY = variance(y, meanY) / nY;
  const se = Math.sqrt(squaredSeX + squaredSeY);
  if (isEssentiallyZero(se, meanX, meanY)) return { ...described, reason: "zero-variance", ...NO_INFERENCE };
  const shareX = squaredSeX / (squaredSeX + squaredSeY);
  const shareY = squaredSeY / (squaredSeX + squaredSeY);
  const df = 1 / (shareX ** 2 / (nX - 1) + shareY ** 2 / (nY - 1));
  return { ...described, ...tInference(difference, se, df) };
}
function pairedTTest(post, pre) {
  if (post.length !== pre.length) throw new RangeError(`paired samples differ in length: ${post.length} vs ${pre.length}`);
  assertFinite(post, "post");
  assertFinite(pre, "pre");
  const differences = post.map((value, i) => value - pre[i]);
  const n = differences.length;
  const base = { n, caution: n < CAUTION_N };
  if (n === 0) return { ...base, reason: "empty", meanDifference: null, sdDifference: null, dz: null, ...NO_INFERENCE };
  const meanDifference = mean(differences);
  if (n < MIN_INFERENTIAL_N) return { ...base, reason: "n-below-2", meanDifference, sdDifference: null, dz: null, ...NO_INFERENCE };
  const sdDifference = Math.sqrt(variance(differences, meanDifference));
  const se = sdDifference / Math.sqrt(n);
  const described = { ...base, meanDifference, sdDifference };
  if (isEssentiallyZero(se, meanDifference)) return { ...described, reason: "zero-variance", dz: null, ...NO_INFERENCE };
  return { ...described, dz: finiteOrNull(meanDifference / sdDifference), ...tInference(meanDifference, se, n - 1) };
}
function hedgesG(x, y) {
  assertFinite(x, "x");
  assertFinite(y, "y");
  const nX = x.length;
  const nY = y.length;
  const base = { n: nX + nY, nX, nY, caution: Math.min(nX, nY) < CAUTION_N };
  const none = (reason) => ({ ...base, reason, pooledSd: null, d: null, j: null, g: null });
  if (nX === 0 || nY === 0) return none("empty");
  if (Math.min(nX, nY) < MIN_INFERENTIAL_N) return none("n-below-2");
  const meanX = mean(x);
  const meanY = mean(y);
  const pooledSd = Math.sqrt(((nX - 1) * variance(x, meanX) + (nY - 1) * variance(y, meanY)) / (nX + nY - 2));
  if (isEssentiallyZero(pooledSd, meanX, meanY)) return none("zero-variance");
  const d = (meanX - meanY) / pooledSd;
  const j = 1 - 3 / (4 * (nX + nY) - 9);
  return { ...base, reason: null, pooledSd, d, j, g: j * d };
}
function tInference(estimate, se, df) {
  const t = estimate / se;
  const halfWidth = tCritical95(df) * se;
  const figures = [se, t, df, twoSidedP(t, df), estimate - halfWidth, estimate + halfWidth].map(finiteOrNull);
  const [seOut, tOut, dfOut, p2, lower, upper] = figures;
  if (figures.some((value) => value === null)) return { reason: "zero-variance", ...NO_INFERENCE };
  return { reason: null, se: seOut, t: tOut, df: dfOut, p: p2, ci: { lower, upper } };
}

// src/lib/stats/did.ts
var CELL_NAMES = ["comparisonPre", "comparisonPost", "projectPre", "projectPost"];
function crossSectionDid(cells, sitesPerArm) {
  for (const name of CELL_NAMES) assertFinite(cells[name], name);
  const summaries = mapCells(cells, (scores) => ({ n: scores.length, mean: scores.length > 0 ? mean(scores) : null }));
  const sizes = CELL_NAMES.map((name) => summaries[name].n);
  const n = sizes.reduce((a, b) => a + b, 0);
  const base = { n, cells: summaries, sitesPerArm, caveats: didCaveats(), caution: Math.min(...sizes) < CAUTION_N };
  const none = { se: null, t: null, df: null, p: null, ci: null };
  const { comparisonPre, comparisonPost, projectPre, projectPost } = summaries;
  if (comparisonPre.mean === null || comparisonPost.mean === null || projectPre.mean === null || projectPost.mean === null) {
    return { ...base, reason: "empty", estimate: null, ...none };
  }
  const estimate = projectPost.mean - projectPre.mean - (comparisonPost.mean - comparisonPre.mean);
  if (Math.min(...sizes) < MIN_INFERENTIAL_N) return { ...base, reason: "n-below-2", estimate, ...none };
  const df = n - 4;
  const residualVariance = CELL_NAMES.reduce((rss, name) => rss + sumOfSquares(cells[name]), 0) / df;
  const se = Math.sqrt(residualVariance * sizes.reduce((total, size) => total + 1 / size, 0));
  const means = CELL_NAMES.map((name) => summaries[name].mean ?? 0);
  if (isEssentiallyZero(se, ...means)) return { ...base, reason: "zero-variance", estimate, ...none };
  return { ...base, estimate, ...tInference(estimate, se, df) };
}
function panelDid(arms, sitesPerArm) {
  return {
    ...welchTTest(changeScores(arms.project, "project"), changeScores(arms.comparison, "comparison")),
    sitesPerArm,
    caveats: didCaveats()
  };
}
function changeScores(arm, name) {
  if (arm.pre.length !== arm.post.length)
    throw new RangeError(`${name}: pre and post differ in length: ${arm.pre.length} vs ${arm.post.length}`);
  assertFinite(arm.pre, `${name}.pre`);
  assertFinite(arm.post, `${name}.post`);
  return arm.post.map((value, i) => value - arm.pre[i]);
}
function didCaveats() {
  return ["residents-independent"];
}
function mapCells(cells, f) {
  return {
    comparisonPre: f(cells.comparisonPre),
    comparisonPost: f(cells.comparisonPost),
    projectPre: f(cells.projectPre),
    projectPost: f(cells.projectPost)
  };
}

// src/lib/stats/effect-intervals.ts
function hedgesGInterval(g, n1, n2) {
  if (g === null || n1 < 2 || n2 < 2) return null;
  const variance2 = (n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2));
  return around(g, variance2);
}
function dzInterval(dz, n) {
  if (dz === null || n < 2) return null;
  const variance2 = 1 / n + dz * dz / (2 * n);
  return around(dz, variance2);
}
function around(estimate, variance2) {
  const half = Z_CRITICAL_95 * Math.sqrt(variance2);
  const interval = { lower: estimate - half, upper: estimate + half };
  return Number.isFinite(interval.lower) && Number.isFinite(interval.upper) ? interval : null;
}

// src/lib/stats/proportions.ts
function wilsonInterval(x, n) {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || x > n) throw new RangeError(`not a count x of n: ${x} of ${n}`);
  const caution = n < CAUTION_N;
  if (n === 0) return { n, x, caution, reason: "empty", proportion: null, ci: null };
  const proportion = x / n;
  if (n < MIN_INFERENTIAL_N) return { n, x, caution, reason: "n-below-2", proportion, ci: null };
  const z = Z_CRITICAL_95;
  const z22n = z * z / (2 * n);
  const centre = proportion + z22n;
  const spread = z * Math.sqrt(proportion * (1 - proportion) / n + z22n / (2 * n));
  const upper = proportion >= 1 ? 1 : (centre + spread) / (1 + 2 * z22n);
  const lower = proportion <= 0 ? 0 : (centre - spread) / (1 + 2 * z22n);
  return { n, x, caution, reason: null, proportion, ci: { lower: Math.max(lower, 0), upper: Math.min(upper, 1) } };
}

// src/lib/stats/retention.ts
function retention(records) {
  assertFinite(
    records.map((record) => record.baselineScore),
    "baselineScore"
  );
  const retainedScores = records.filter((record) => record.retained).map((record) => record.baselineScore);
  const lostScores = records.filter((record) => !record.retained).map((record) => record.baselineScore);
  const rate = wilsonInterval(retainedScores.length, records.length);
  return {
    n: rate.n,
    caution: rate.caution,
    rate,
    retained: retainedScores.length,
    lost: lostScores.length,
    attrition: welchTTest(retainedScores, lostScores)
  };
}

// src/lib/stats/indicators/observations.ts
function observeScale(dataset2, scale, filter) {
  const layout = dataset2.layouts[scale];
  const block = dataset2.blocks[layout.block];
  const waves = dataset2.waves.length;
  const sites = dataset2.sites.length;
  const bandCount = dataset2.scales[scale].bands.length;
  const scores = Array.from({ length: waves * sites }, () => []);
  const bandCounts = new Int32Array(Math.max(1, waves * sites * bandCount));
  const personScore = new Float64Array(dataset2.persons * waves).fill(NaN);
  const personSite = new Int32Array(dataset2.persons * waves).fill(-1);
  const width = block.scales.length;
  for (let row = 0; row < block.rows; row++) {
    const score = block.scores[row * width + layout.column];
    if (Number.isNaN(score) || !rowIncluded(block, row, filter)) continue;
    const wave = block.wave[row];
    const site = block.site[row];
    const cell = wave * sites + site;
    scores[cell].push(score);
    const band = block.bands[row * width + layout.column];
    if (band >= 0) bandCounts[cell * bandCount + band]++;
    const at = block.person[row] * waves + wave;
    personScore[at] = score;
    personSite[at] = site;
  }
  return { waves, sites, scores, bandCounts, bandCount, personScore, personSite };
}
function armScores(dataset2, observed, wave, arm) {
  const out = [];
  dataset2.sites.forEach((site, index) => {
    if (site.arm === arm) for (const score of observed.scores[wave * observed.sites + index]) out.push(score);
  });
  return out;
}
function bandCountsOf(observed, wave, siteIndices) {
  const counts = new Array(observed.bandCount).fill(0);
  for (const site of siteIndices) {
    const cell = wave * observed.sites + site;
    for (let band = 0; band < observed.bandCount; band++) counts[band] += observed.bandCounts[cell * observed.bandCount + band];
  }
  return counts;
}
function sitesWithScores(dataset2, observed, arm, waves) {
  return dataset2.sites.filter(
    (site, index) => site.arm === arm && waves.some((wave) => observed.scores[wave * observed.sites + index].length > 0)
  ).length;
}
function panelPairs(dataset2, observed, wave, arm) {
  const pre = [];
  const post = [];
  const waves = observed.waves;
  for (let person = 0; person < dataset2.persons; person++) {
    const base = person * waves + dataset2.baseline;
    const site = observed.personSite[base];
    if (site < 0 || dataset2.sites[site].arm !== arm) continue;
    const later = observed.personScore[person * waves + wave];
    if (Number.isNaN(later)) continue;
    pre.push(observed.personScore[base]);
    post.push(later);
  }
  return { pre, post };
}

// src/lib/stats/indicators/types.ts
var ARMS = ["project", "comparison"];
var INDICATOR_SCHEMA = "anju.indicators/1";

// src/lib/stats/indicators/follow-ups.ts
function armChange(pre, post, pairs) {
  const g = hedgesG(post, pre);
  const paired = pairedTTest(pairs.post, pairs.pre);
  return {
    unpaired: welchTTest(post, pre),
    hedgesG: { ...g, interval: hedgesGInterval(g.g, g.nX, g.nY) },
    paired: { ...paired, interval: dzInterval(paired.dz, paired.n) }
  };
}
function retentionRecords(dataset2, observed, wave, arm) {
  const records = [];
  const waves = observed.waves;
  for (let person = 0; person < dataset2.persons; person++) {
    const base = person * waves + dataset2.baseline;
    const site = observed.personSite[base];
    if (site < 0 || dataset2.sites[site].arm !== arm) continue;
    records.push({ baselineScore: observed.personScore[base], retained: !Number.isNaN(observed.personScore[person * waves + wave]) });
  }
  return records;
}
function followUps(dataset2, observed) {
  const base = dataset2.baseline;
  if (base < 0) return [];
  const pre = { project: armScores(dataset2, observed, base, "project"), comparison: armScores(dataset2, observed, base, "comparison") };
  return dataset2.waves.slice(base + 1).map((wave, offset) => {
    const w = base + 1 + offset;
    const post = { project: armScores(dataset2, observed, w, "project"), comparison: armScores(dataset2, observed, w, "comparison") };
    const pairs = { project: panelPairs(dataset2, observed, w, "project"), comparison: panelPairs(dataset2, observed, w, "comparison") };
    const sitesPerArm = {
      project: sitesWithScores(dataset2, observed, "project", [base, w]),
      comparison: sitesWithScores(dataset2, observed, "comparison", [base, w])
    };
    const arms = {};
    const retained = {};
    for (const arm of ARMS) {
      arms[arm] = armChange(pre[arm], post[arm], pairs[arm]);
      retained[arm] = retention(retentionRecords(dataset2, observed, w, arm));
    }
    return {
      waveId: wave.id,
      arms,
      did: {
        crossSection: crossSectionDid(
          { comparisonPre: pre.comparison, comparisonPost: post.comparison, projectPre: pre.project, projectPost: post.project },
          sitesPerArm
        ),
        panel: panelDid(pairs, sitesPerArm)
      },
      retention: retained
    };
  });
}

// src/lib/stats/reliability.ts
function cronbachAlphaOfColumns(columns, incomplete = 0, n = columns[0]?.length ?? 0) {
  const k = columns.length;
  columns.forEach((column, item) => {
    if (column.length !== n) throw new RangeError(`item ${item} has ${column.length} values, expected ${n}`);
    assertFinite(column, `item ${item}`);
  });
  const base = { n, k, incomplete, caution: n < CAUTION_N };
  if (k < 2) return { ...base, reason: "too-few-items", alpha: null };
  if (n === 0) return { ...base, reason: "empty", alpha: null };
  if (n < MIN_INFERENTIAL_N) return { ...base, reason: "n-below-2", alpha: null };
  const itemVariances = columns.map((column) => variance(column));
  const totals = new Array(n);
  for (let row = 0; row < n; row++) {
    let total = 0;
    let compensation = 0;
    for (let item = 0; item < k; item++) {
      const value = columns[item][row];
      const next = total + value;
      compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
      total = next;
    }
    totals[row] = total + compensation;
  }
  const totalMean = mean(totals);
  const totalVariance = variance(totals, totalMean);
  if (isEssentiallyZero(Math.sqrt(totalVariance), totalMean)) return { ...base, reason: "zero-variance", alpha: null };
  return { ...base, reason: null, alpha: k / (k - 1) * (1 - sum(itemVariances) / totalVariance) };
}

// src/lib/stats/indicators/items.ts
function waveItems(dataset2, scale, filter) {
  const layout = dataset2.layouts[scale];
  const block = dataset2.blocks[layout.block];
  const info = dataset2.scales[scale];
  const width = block.items.length;
  const k = info.items.length;
  return dataset2.waves.map((wave, w) => {
    const columns = Array.from({ length: k }, () => []);
    const values = new Float64Array(k);
    const counts = new Int32Array(k * 4);
    let responses = 0;
    let scored = 0;
    let incomplete = 0;
    for (let row = 0; row < block.rows; row++) {
      if (block.wave[row] !== w || !rowIncluded(block, row, filter)) continue;
      responses++;
      if (!Number.isNaN(block.scores[row * block.scales.length + layout.column])) scored++;
      let complete = true;
      for (let i = 0; i < k; i++) {
        const column = layout.itemColumns[i];
        if (column < 0) {
          complete = false;
          continue;
        }
        counts[i * 4 + block.states[row * width + column]]++;
        const value = block.values[row * width + column];
        const reverse = layout.reverseSums[i] ?? null;
        values[i] = reverse === null ? value : reverse - value;
        if (Number.isNaN(value)) complete = false;
      }
      if (!complete) incomplete++;
      else for (let i = 0; i < k; i++) columns[i].push(values[i]);
    }
    const items = info.items.map((item, i) => {
      const answered = counts[i * 4 + ITEM_ANSWERED];
      const dontKnow = counts[i * 4 + ITEM_DONT_KNOW];
      const unanswered = counts[i * 4 + ITEM_UNANSWERED];
      const asked = answered + dontKnow + unanswered;
      const column = layout.itemColumns[i];
      return {
        item,
        asked,
        answered,
        dontKnow,
        unanswered,
        missing: wilsonInterval(dontKnow + unanswered, asked),
        conditional: column >= 0 && block.conditional[column] === true
      };
    });
    return { waveId: wave.id, alpha: cronbachAlphaOfColumns(columns, incomplete), responses, scored, items };
  });
}

// src/lib/stats/indicators/respondents.ts
function subgroupMask(dataset2, item, code) {
  const blockIndex = dataset2.blocks.findIndex((block2) => block2.items.includes(item));
  if (blockIndex < 0) return null;
  const block = dataset2.blocks[blockIndex];
  const column = block.items.indexOf(item);
  const width = block.items.length;
  const firstWave = new Int32Array(dataset2.persons).fill(-1);
  const mask = new Uint8Array(dataset2.persons);
  for (let row = 0; row < block.rows; row++) {
    if (block.states[row * width + column] !== ITEM_ANSWERED) continue;
    const person = block.person[row];
    const wave = block.wave[row];
    if (firstWave[person] >= 0 && firstWave[person] <= wave) continue;
    firstWave[person] = wave;
    mask[person] = block.values[row * width + column] === code ? 1 : 0;
  }
  return mask;
}
function countRespondents(dataset2, filter) {
  const seen = new Uint8Array(dataset2.persons);
  let count = 0;
  for (const block of dataset2.blocks) {
    for (let row = 0; row < block.rows; row++) {
      const person = block.person[row];
      if (seen[person] || !rowIncluded(block, row, filter)) continue;
      seen[person] = 1;
      count++;
    }
  }
  return count;
}
function responseCounts(dataset2, filter, includedSites) {
  const waves = dataset2.waves.length;
  const visits = includedSites.map(() => /* @__PURE__ */ new Set());
  const position = new Map(includedSites.map((site, i) => [site, i]));
  for (const block of dataset2.blocks) {
    for (let row = 0; row < block.rows; row++) {
      const at = position.get(block.site[row]);
      if (at === void 0 || !rowIncluded(block, row, filter)) continue;
      visits[at].add(block.person[row] * waves + block.wave[row]);
    }
  }
  return includedSites.flatMap((site, i) => {
    const counts = new Int32Array(waves);
    for (const key of visits[i]) counts[key % waves]++;
    const info = dataset2.sites[site];
    return dataset2.waves.map((wave, w) => ({
      siteId: info.id,
      waveId: wave.id,
      respondents: counts[w],
      target: info.targetPerWave,
      share: info.targetPerWave > 0 ? counts[w] / info.targetPerWave : null
    }));
  });
}

// src/lib/stats/descriptives.ts
function describeScores(values) {
  assertFinite(values, "values");
  const n = values.length;
  const caution = n < CAUTION_N;
  if (n === 0) {
    return { n, caution, reason: "empty", mean: null, sd: null, se: null, ci: null, median: null, q1: null, q3: null, iqr: null };
  }
  const sorted = sortAscending(values);
  const q1 = quantileOfSorted(sorted, 0.25);
  const q3 = quantileOfSorted(sorted, 0.75);
  const location = { mean: mean(values), median: medianOfSorted(sorted), q1, q3, iqr: q3 - q1 };
  if (n < MIN_INFERENTIAL_N) return { n, caution, reason: "n-below-2", ...location, sd: null, se: null, ci: null };
  const sd = Math.sqrt(variance(values, location.mean));
  const se = sd / Math.sqrt(n);
  const halfWidth = tCritical95(n - 1) * se;
  const ci = { lower: location.mean - halfWidth, upper: location.mean + halfWidth };
  return { n, caution, reason: null, ...location, sd, se, ci };
}
function sortAscending(values) {
  return Float64Array.from(values).sort();
}
function quantileOfSorted(sorted, p2) {
  const index = (sorted.length - 1) * p2;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const below = sorted[lo];
  const above = sorted[hi];
  if (!(index > lo) || above === below) return below;
  const h = index - lo;
  return (1 - h) * below + h * above;
}
function medianOfSorted(sorted) {
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

// src/lib/stats/indicators/wave-summaries.ts
function summarize(scores, bandCounts, bandKeys) {
  return {
    ...describeScores(scores),
    bands: bandKeys.map((key, band) => ({ key, ...wilsonInterval(bandCounts[band], scores.length) }))
  };
}
function distributionOf(scores) {
  const sorted = Float64Array.from(scores).sort();
  const out = [];
  for (const value of sorted) {
    const last = out[out.length - 1];
    if (last && last.value === value) last.count++;
    else out.push({ value, count: 1 });
  }
  return out;
}
function waveSummaries(dataset2, scale, observed, includedSites) {
  const bandKeys = dataset2.scales[scale].bands.map((band) => band.key);
  return dataset2.waves.map((wave, w) => {
    const arms = {};
    const distribution = {};
    for (const arm of ARMS) {
      const scores = armScores(dataset2, observed, w, arm);
      const armSites = dataset2.sites.flatMap((site, index) => site.arm === arm ? [index] : []);
      arms[arm] = summarize(scores, bandCountsOf(observed, w, armSites), bandKeys);
      distribution[arm] = distributionOf(scores);
    }
    const sites = includedSites.map((index) => ({
      siteId: dataset2.sites[index].id,
      ...summarize(observed.scores[w * observed.sites + index], bandCountsOf(observed, w, [index]), bandKeys)
    }));
    return { waveId: wave.id, arms, sites, distribution };
  });
}

// src/lib/stats/indicators/compute.ts
var IndicatorFilterError = class extends Error {
  constructor(parameter, message) {
    super(message);
    this.parameter = parameter;
  }
  parameter;
};
function resolveFilter(dataset2, filter) {
  const site = filter.siteId === null ? -1 : dataset2.sites.findIndex((s) => s.id === filter.siteId);
  if (site < 0 && filter.siteId !== null) throw new IndicatorFilterError("site", `no site '${filter.siteId}' in this project`);
  let persons2 = null;
  if (filter.subgroup) {
    const option = dataset2.subgroups.find((s) => s.item === filter.subgroup.item);
    if (!option) throw new IndicatorFilterError("subgroup", `'${filter.subgroup.item}' is not a background single-choice item of this project`);
    persons2 = subgroupMask(dataset2, filter.subgroup.item, filter.subgroup.code) ?? new Uint8Array(dataset2.persons);
  }
  return { site, persons: persons2 };
}
function computeIndicatorSet(dataset2, project, filter) {
  const rows = resolveFilter(dataset2, filter);
  const includedSites = dataset2.sites.flatMap((_, index) => rows.site < 0 || rows.site === index ? [index] : []);
  const scales = dataset2.scales.map((scale, index) => {
    const observed = observeScale(dataset2, index, rows);
    return {
      scale,
      waves: waveSummaries(dataset2, index, observed, includedSites),
      followUps: followUps(dataset2, observed),
      reliability: waveItems(dataset2, index, rows)
    };
  });
  return {
    schema: INDICATOR_SCHEMA,
    project,
    filter,
    respondents: countRespondents(dataset2, rows),
    arms: ARMS,
    waves: dataset2.waves,
    sites: dataset2.sites,
    scales,
    responseCounts: responseCounts(dataset2, rows, includedSites),
    subgroups: dataset2.subgroups,
    caveats: ["residents-independent"]
  };
}

// src/lib/server/indicators.ts
var versionCache = /* @__PURE__ */ new Map();
async function readShape(db2, projectId) {
  const project = await db2.selectFrom("projects").select(["slug", "name", "data_version"]).where("id", "=", projectId).executeTakeFirst();
  if (!project) return void 0;
  const sites = await db2.selectFrom("sites").select(["id", "name", "arm", "region", "target_per_wave"]).where("project_id", "=", projectId).orderBy("arm", "desc").orderBy("name").execute();
  const waves = await db2.selectFrom("waves").select(["id", "name", "kind", "wave_order"]).where("project_id", "=", projectId).execute();
  return {
    project: { slug: project.slug, name: project.name, dataVersion: project.data_version },
    sites: sites.map((s) => ({ id: s.id, name: s.name, arm: s.arm, region: s.region, targetPerWave: s.target_per_wave })),
    waves: waves.map((w) => ({ id: w.id, name: w.name, kind: w.kind, order: w.wave_order }))
  };
}
async function readVersions(db2, projectId) {
  const answered = db2.selectFrom("responses").select("instrument_version_id as id").where("project_id", "=", projectId).distinct();
  const assigned = db2.selectFrom("wave_instruments").innerJoin("waves", "waves.id", "wave_instruments.wave_id").select("wave_instruments.instrument_version_id as id").where("waves.project_id", "=", projectId);
  const ids = (await answered.union(assigned).execute()).map((row) => row.id).sort();
  const missing = ids.filter((id) => !versionCache.has(id));
  if (missing.length > 0) {
    const rows = await db2.selectFrom("instrument_versions").select(["id", "created_at", "content"]).where("id", "in", missing).execute();
    for (const row of rows) versionCache.set(row.id, { id: row.id, createdAt: row.created_at, instrument: JSON.parse(row.content) });
  }
  return ids.flatMap((id) => versionCache.get(id) ?? []);
}
async function readIndicatorCatalog(db2, projectId) {
  const shape = await readShape(db2, projectId);
  return shape && buildCatalog(shape.waves, shape.sites, await readVersions(db2, projectId));
}

// ind-probe19.tmp.ts
var db = createDb("/tmp/ind/bench.db");
var p = await db.selectFrom("projects").select(["id"]).where("slug", "=", "demo").executeTakeFirstOrThrow();
var catalog = await readIndicatorCatalog(db, p.id);
var { persons, respondents } = await readPersons(db, p.id);
var texts = [];
for (const w of catalog.waves) {
  const { rows } = await packedWaveQuery(catalog, p.id, w.id).execute(db);
  texts.push(rows[0].packed);
}
var tables = parseTables(catalog);
var parseTimes = [];
var engineTimes = [];
var dataset;
for (let i = 0; i < 12; i++) {
  let t = performance.now();
  const builders = catalog.blocks.map((shape) => createBlockBuilder(shape, persons, 3, () => true));
  texts.forEach((x, w) => parseWave(x, w, tables, respondents, builders));
  dataset = { waves: catalog.waves, baseline: catalog.baseline, sites: catalog.sites, scales: catalog.scales, layouts: catalog.layouts, blocks: builders.map((b) => b.finish()), persons, subgroups: catalog.subgroups };
  parseTimes.push(performance.now() - t);
  t = performance.now();
  computeIndicatorSet(dataset, { slug: "demo", name: "x", dataVersion: 1 }, { siteId: null, subgroup: null });
  engineTimes.push(performance.now() - t);
}
var q = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return `min ${s[0].toFixed(0)} med ${s[Math.floor(s.length / 2)].toFixed(0)}`;
};
console.log("parse", q(parseTimes), " engine", q(engineTimes));
await db.destroy();
