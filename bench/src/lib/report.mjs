const fmt = (value, digits = 0) =>
  typeof value === 'number' && Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';
const x = (value) => (typeof value === 'number' ? `${fmt(value, 2)}×` : '–');
const pct = (value) => (typeof value === 'number' ? `${fmt(value * 100)}%` : '–');
const mb = (bytes) => fmt(bytes / 1_000_000, 1);

function table(head, rows) {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function throughputTable(rows) {
  return table(
    [
      'stack',
      'GET/s',
      'vs raw',
      'p50 ms',
      'p50 vs raw',
      'p99 ms',
      'p99 vs raw',
      'client CPU µs/GET',
      'CPU vs raw',
      'emulator CPU',
    ],
    rows.map((r) => [
      r.label,
      fmt(r.perSecond),
      x(r.throughputVsRaw),
      fmt(r.p50Ms, 2),
      x(r.p50VsRaw),
      fmt(r.p99Ms, 2),
      x(r.p99VsRaw),
      fmt(r.clientCpuUsPerRequest),
      x(r.cpuPerGetVsRaw),
      pct(r.emulatorCpu),
    ]),
  );
}

const SECTIONS = {
  tokenEconomy: (s) => [
    `### 1. Token economy: a cold client makes ${fmt(s.rows[0]?.calls)} concurrent calls`,
    table(
      ['stack', 'IMS token requests', 'failed calls'],
      s.rows.map((r) => [r.label, fmt(r.tokenRequests), fmt(r.failed)]),
    ),
  ],
  longRun: (s) => [
    `### 2. Long run in compressed time (token lifetime ${s.lifetimeSeconds} s)`,
    table(
      [
        'stack',
        'calls',
        'lifetimes',
        'token requests',
        'per token lifetime',
        'shortest spacing (lifetimes)',
        'failed',
        'sent expired',
      ],
      s.rows.map((r) => [
        r.label,
        fmt(r.calls),
        fmt(r.lifetimes, 1),
        fmt(r.tokenRequests),
        fmt(r.tokenRequestsPerLifetime, 2),
        fmt(r.minSpacingLifetimes, 2),
        fmt(r.failed),
        fmt(r.sentExpired),
      ]),
    ),
  ],
  throughput: (s) => [
    `### 3. Per-request overhead: ${fmt(s.requests)} GETs of a profile, concurrency ${s.concurrency}, median of ${s.reps}`,
    throughputTable(s.rows),
    ...(s.latency
      ? [
          `With ${s.latency.latencyMs} ms of server latency injected (${fmt(s.latency.requests)} GETs, median of ${s.latency.reps}):`,
          throughputTable(s.latency.rows),
        ]
      : []),
  ],
  coldStart: (s) => [
    `### 4. Cold start: a fresh process, median of ${s.reps}`,
    table(
      [
        'stack',
        'ready for the first call (ms)',
        'vs bare node',
        'CPU until ready (ms)',
        'vs bare node',
        'first answer (ms)',
        'vs bare node',
        'peak RSS (MB)',
      ],
      s.rows.map((r) => [
        r.label,
        fmt(r.readyMs),
        r.variant === 'bare' ? '1.00×' : x(r.readyVsBare),
        fmt(r.readyCpuMs),
        r.variant === 'bare' ? '1.00×' : x(r.readyCpuVsBare),
        fmt(r.responseMs),
        x(r.responseVsBare),
        mb(r.peakRssBytes),
      ]),
    ),
  ],
  coldStartRuntimes: (s) => [
    `### 4b. Cold start in each runtime: client + auth-oauth, median of ${s.reps}`,
    table(
      [
        'runtime',
        'bare start (ms)',
        'ready for the first call (ms)',
        'vs bare',
        'first answer (ms)',
        'vs bare',
        'peak RSS (MB)',
      ],
      s.rows.map((r) => [
        r.label,
        fmt(r.bareMs),
        fmt(r.readyMs),
        x(r.readyVsBare),
        fmt(r.responseMs),
        x(r.responseVsBare),
        mb(r.peakRssBytes),
      ]),
    ),
  ],
  footprint: (s) => [
    '### 5. Footprint: installed production dependency tree',
    table(
      ['stack', 'packages', 'size (MB)'],
      s.rows.map((r) => [r.label, fmt(r.packages), fmt(r.sizeMB, 2)]),
    ),
  ],
  streaming: (s) => [
    `### 6. Streaming: profiles through \`profiles.list()\`, pages of ${s.pageSize}`,
    table(
      [
        'records',
        'stack',
        'records/s',
        'vs raw',
        'peak RSS growth (MB)',
        'heap retained after GC (MB)',
        'emulator CPU',
      ],
      s.rows.map((r) => [
        fmt(r.records),
        r.label,
        fmt(r.perSecond),
        x(r.vsRaw),
        fmt(r.rssGrowthMB, 1),
        fmt(r.heapRetainedMB, 1),
        pct(r.emulatorCpu),
      ]),
    ),
  ],
  bulk: (s) => [
    `### 7. Bulk import: ${fmt(s.rate[0]?.rows)} new profiles against an emulator limited to ${fmt(s.requestsPerSecond)} requests/s`,
    table(
      [
        'stack',
        'seconds',
        'requests admitted/s',
        'share of the limit',
        '429s answered',
        'rows written',
        'rows failed',
        'duplicates',
        'emulator CPU',
      ],
      s.rate.map((r) => [
        r.label,
        fmt(r.seconds, 1),
        fmt(r.admittedPerSecond),
        pct(r.shareOfLimit),
        fmt(r.rateLimited),
        fmt(r.written),
        `${fmt(r.failed)}${
          r.failures && Object.keys(r.failures).length
            ? ` (${Object.entries(r.failures)
                .map(([k, n]) => `${k}: ${fmt(n)}`)
                .join(', ')})`
            : ''
        }`,
        fmt(r.duplicates),
        pct(r.emulatorCpu),
      ]),
    ),
    `Memory: a ${fmt(s.memory[0]?.rows)}-row CSV sync (${fmt(s.memory[0]?.counts?.unchanged)} rows unchanged, ${fmt(s.memory[0]?.counts?.updated)} updated, ${fmt(s.memory[0]?.counts?.created)} created), no rate limit, concurrency ${fmt(s.concurrency)}:`,
    table(
      ['stack', 'rows/s', 'peak RSS growth (MB)', 'vs raw', 'heap retained after GC (MB)'],
      s.memory.map((m) => [
        m.label,
        fmt(m.rowsPerSecond),
        fmt(m.rssGrowthMB, 1),
        m.rssGrowthVsRaw === undefined ? '1.00×' : x(m.rssGrowthVsRaw),
        fmt(m.heapRetainedMB, 1),
      ]),
    ),
  ],
};

/**
 * The results as markdown: a goals summary, then one table per scenario.
 *
 * @param {{ meta: any, scenarios: Record<string, any> }} results
 */
export function toMarkdown(results) {
  const { meta, scenarios } = results;
  const out = [
    `Node ${meta.node}, ${meta.platform}, ${meta.cpus} × ${meta.cpuModel}; ${meta.mode} run, ${meta.date}; load average ${fmt(meta.loadAverageAtStart, 1)} at start, ${fmt(meta.loadAverageAtEnd, 1)} at end.`,
    '',
    table(
      ['goal', 'met'],
      Object.values(scenarios).flatMap((s) =>
        s.error
          ? [[`${s.error}`, 'error']]
          : (s.goals ?? [s.goal]).map((goal) => [
              `${goal.text}${goal.note ? `; ${goal.note}` : ''}`,
              goal.met ? 'yes' : '**no**',
            ]),
      ),
    ),
  ];
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (scenario.error || !SECTIONS[name]) continue;
    out.push(
      '',
      ...SECTIONS[name](scenario)
        .flatMap((block) => [block, ''])
        .slice(0, -1),
    );
  }
  return `${out.join('\n')}\n`;
}
