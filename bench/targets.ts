import type { CaseResult, TargetResult } from './results.js';

type Find = (id: string) => CaseResult | undefined;

function missing(target: string, c: CaseResult | undefined, what: string): TargetResult {
  const why = !c ? `${what} was not measured in this run` : (c.reason ?? c.status);
  return { target, measured: `not available: ${why}`, verdict: 'not available' };
}

const mb = (n: number) => `${n.toFixed(0)} MB`;

function floorTarget(find: Find, vault: string): TargetResult {
  const target = `${vault} audit at 50 ms, N=1,000: wall <= 1.25x floor`;
  const c = find(`audit/${vault}/N=1000/L=50ms`);
  const ratio = c?.details?.wallOverFloor;
  if (c?.status !== 'ok' || typeof ratio !== 'number') return missing(target, c, 'that case');
  return {
    target,
    measured: `${ratio.toFixed(2)}x (${c.details?.floorFormula})`,
    verdict: ratio <= 1.25 ? 'met' : 'missed',
  };
}

function rssTarget(cases: readonly CaseResult[]): TargetResult {
  const target = 'peak RSS < 200 MB at N=10,000';
  const big = cases.filter((c) => c.id.startsWith('audit/') && c.id.includes('/N=10000/'));
  const measured = big.filter((c) => c.status === 'ok' && c.figures.peakRssMb);
  if (measured.length === 0) return missing(target, big[0], 'N=10,000');
  const worst = Math.max(...measured.map((c) => c.figures.peakRssMb?.max ?? 0));
  return {
    target,
    measured: `max ${mb(worst)} over ${measured.map((c) => c.id).join(', ')}`,
    verdict: worst < 200 ? 'met' : 'missed',
  };
}

function awsCallsTarget(cases: readonly CaseResult[]): TargetResult {
  const target =
    'AWS audit: <= ceil(N/100) ListSecrets, <= ceil(N/20) BatchGetSecretValue, 1 /auth/me per key';
  const aws = cases.filter((c) => c.id.startsWith('audit/aws/'));
  const measured = aws.filter((c) => c.status === 'ok' && c.calls);
  if (measured.length === 0) return missing(target, aws[0], 'the AWS audit');
  const problems: string[] = [];
  const seen: string[] = [];
  for (const c of measured) {
    const n = Number(c.details?.keys);
    const max = (kind: string) => c.calls?.[kind]?.max ?? 0;
    const list = max('aws ListSecrets');
    const batch = max('aws BatchGetSecretValue');
    const cativa = max('cativa GET /auth/me');
    const perKey = Object.keys(c.calls ?? {})
      .filter((k) => k.startsWith('aws ') && !/ListSecrets$|BatchGetSecretValue$/.test(k))
      .map((k) => `${k.slice(4)} ${max(k)}`);
    seen.push(
      `N=${n}: ${list} list, ${batch} batch, ${cativa} /auth/me${perKey.length ? `, ${perKey.join(', ')}` : ''}`,
    );
    if (list > Math.ceil(n / 100)) problems.push(`N=${n}: ${list} ListSecrets`);
    if (batch > Math.ceil(n / 20)) problems.push(`N=${n}: ${batch} BatchGetSecretValue`);
    if (cativa !== n) problems.push(`N=${n}: ${cativa} /auth/me`);
  }
  const over = [...new Set(problems)];
  return {
    target,
    measured: `${[...new Set(seen)].join('; ')}${over.length ? ` (over: ${over.join(', ')})` : ''}`,
    verdict: over.length === 0 ? 'met' : 'missed',
  };
}

function versionTarget(find: Find): TargetResult {
  const target = '`cativa-keys --version` within 3x `node -e 0`';
  const c = find('startup/cativa-keys --version');
  const ratio = c?.details?.overNodeBaseline;
  if (c?.status !== 'ok' || typeof ratio !== 'number') return missing(target, c, 'start-up');
  return {
    target,
    measured: `${ratio.toFixed(2)}x (${c.figures.wallMs?.median.toFixed(0)} ms)`,
    verdict: ratio <= 3 ? 'met' : 'missed',
  };
}

function bundleTarget(find: Find): TargetResult {
  const target = 'audit handler bundle < 500 KB zipped without the 1Password SDK';
  const c = find('bundle/audit handler without 1Password SDK');
  const bytes = c?.figures.zippedKb?.median;
  if (c?.status !== 'ok' || bytes === undefined) return missing(target, c, 'the bundle');
  return {
    target,
    measured: `${bytes.toFixed(0)} KB zipped (${c.figures.zippedWithMapsKb?.median.toFixed(0)} KB with the source maps serverless.yml also ships)`,
    verdict: bytes < 500 ? 'met' : 'missed',
  };
}

/** Where each target of issue #8 stands, from this run's cases. */
export function evaluateTargets(cases: readonly CaseResult[]): TargetResult[] {
  const find: Find = (id) => cases.find((c) => c.id === id);
  return [
    floorTarget(find, 'file'),
    floorTarget(find, 'aws'),
    rssTarget(cases),
    awsCallsTarget(cases),
    versionTarget(find),
    bundleTarget(find),
  ];
}
