// DuckDB SQL for the comparison bench (bench/js/duckdb-bench.mjs): load the three columns an
// ordered funnel needs from a GA4 NDJSON export, and the ordered funnel with touchpath's
// semantics (README, "Funnel semantics"), for DuckDB native and DuckDB-WASM alike.

// Events keep touchpath's identity and bad-row rules: identity is user_id, else
// user_pseudo_id (an empty string counts as absent); rows without identity, timestamp or
// event name are dropped. The table's rowid is file order (DuckDB preserves insertion order).
// An explicit `columns` map, so the reader neither samples nor infers the rest of the schema.
export function loadNdjsonSql(file) {
  return `CREATE OR REPLACE TABLE events AS
SELECT coalesce(nullif(user_id, ''), nullif(user_pseudo_id, '')) AS entity,
       event_timestamp AS ts,
       coalesce(batch_event_index, 0) AS batch_index,
       event_name
FROM read_ndjson(${quote(file)}, columns = {
  user_id: 'VARCHAR', user_pseudo_id: 'VARCHAR', event_timestamp: 'BIGINT',
  batch_event_index: 'BIGINT', event_name: 'VARCHAR'})
WHERE entity IS NOT NULL AND ts IS NOT NULL AND event_name <> ''`;
}

// Every column, as a DuckDB user exploring an export would load it: the schema detected from a
// sample of the rows, nested records as STRUCTs. What touchpath's full load does (every field
// kept); eventsFromExportSql then makes loadNdjsonSql's events table of it.
export function loadEveryColumnSql(file) {
  return `CREATE OR REPLACE TABLE export AS SELECT * FROM read_ndjson(${quote(file)})`;
}

// loadNdjsonSql's events table from the `export` table, whose `columns` (names) are those it
// has (detected, or given to an import): a column it lacks (user_id in an export without
// signed-in users) is NULL, and text is cast to the integers it holds.
export function eventsFromExportSql(columns) {
  const column = (name, cast) => {
    if (!columns.includes(name)) return 'NULL';
    return cast ? `TRY_CAST(${name} AS ${cast})` : name;
  };
  return `CREATE OR REPLACE TABLE events AS
SELECT coalesce(nullif(${column('user_id')}, ''), nullif(${column('user_pseudo_id')}, '')) AS entity,
       ${column('event_timestamp', 'BIGINT')} AS ts,
       coalesce(${column('batch_event_index', 'BIGINT')}, 0) AS batch_index,
       ${column('event_name')} AS event_name
FROM export
WHERE entity IS NOT NULL AND ts IS NOT NULL AND event_name <> ''`;
}

// Ordered funnel, entity = user, counts = users whose depth >= k. The steps must name distinct
// events (a repeated step, view -> view, would need two distinct events: not handled here).
// Events are ordered per user by (timestamp, GA4 batch_event_index, file order), as the engine
// sorts its store. A step-k event extends a chain at step k-1 if it comes later in that order and
// lies within the window of the chain's step-1 event (inclusive). For each step, the *latest*
// start of a chain that has reached it is all that matters (a later start leaves the most window),
// and it is a running max over the preceding rows:
//   start_1(r) = max ts of step-1 events before r
//   start_k(r) = max start_{k-1}(q) over step-k events q before r with ts(q) - start_{k-1}(q) <= window
// A step-k row reaches depth k when ts - start_{k-1}(row) <= window; depth = max over the rows.
// (The same idea as ClickHouse's windowFunnel, written with window functions; DuckDB has none.)
export function orderedFunnelSql(stepEvents, windowMicros) {
  const stepCount = stepEvents.length;
  const window = String(windowMicros);
  const before = 'OVER (PARTITION BY entity ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)';
  const stages = [];
  for (let step = 1; step < stepCount; ++step) {
    const value = step === 1
      ? 'CASE WHEN step = 1 THEN ts END'
      : `CASE WHEN step = ${step} AND ts - start_${step - 1} <= ${window} THEN start_${step - 1} END`;
    stages.push(`starts_${step} AS (SELECT *, max(${value}) ${before} AS start_${step} FROM ${
      step === 1 ? 'funnel_events' : `starts_${step - 1}`})`);
  }
  const reached = [];
  for (let step = stepCount; step >= 2; --step) {
    reached.push(`WHEN step = ${step} AND ts - start_${step - 1} <= ${window} THEN ${step}`);
  }
  reached.push('WHEN step = 1 THEN 1');
  const counts = stepEvents.map((_, index) => `count(*) FILTER (depth >= ${index + 1}) AS step_${index + 1}`);
  return `WITH funnel_events AS (
  SELECT entity, ts,
         CASE event_name ${stepEvents.map((name, index) => `WHEN ${quote(name)} THEN ${index + 1}`).join(' ')} END AS step,
         row_number() OVER (PARTITION BY entity ORDER BY ts, batch_index, rowid) AS seq
  FROM events
  WHERE event_name IN (${stepEvents.map(quote).join(', ')})
),
${stages.join(',\n')},
depths AS (
  SELECT entity, max(CASE ${reached.join(' ')} END) AS depth
  FROM ${stepCount > 1 ? `starts_${stepCount - 1}` : 'funnel_events'}
  GROUP BY entity
)
SELECT ${counts.join(', ')} FROM depths`;
}

function quote(text) {
  return `'${String(text).replaceAll("'", "''")}'`;
}
