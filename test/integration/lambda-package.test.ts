import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { systemClock } from '../../src/clock.js';
import { seedDemo } from '../../src/demo/scenario.js';

/**
 * The CI check of the deployment: bundles the handlers with esbuild, runs `osls package`
 * offline (no AWS account), and checks the CloudFormation template (functions, schedule,
 * alarms, IAM scope), the zip, and that the bundled handler runs. Lints with cfn-lint when it
 * is installed.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const STAGE = 'ci';

type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string };
type Template = { Resources: Record<string, Resource> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** File names in a zip, read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i += 1) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extra = zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extra;
  }
  return names;
}

function statements(template: Template): Statement[] {
  const docs: { Statement: Statement[] }[] = [];
  for (const r of Object.values(template.Resources)) {
    if (r.Type === 'AWS::IAM::Role') {
      for (const p of (r.Properties.Policies ?? []) as {
        PolicyDocument: { Statement: Statement[] };
      }[])
        docs.push(p.PolicyDocument);
    }
    if (r.Type === 'AWS::IAM::Policy')
      docs.push(r.Properties.PolicyDocument as { Statement: Statement[] });
  }
  return docs.flatMap((d) => d.Statement);
}

const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

describe('Deployment: osls package offline', () => {
  let out: string;
  let work: string;
  let sim: CativaSimulator;
  let template: Template;
  let zip: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ck-package-'));
    out = join(work, 'package');
    sim = await startCativaSimulator();
    const demo = await seedDemo(sim, work, systemClock);
    // The bundled config names the vault by absolute path: the test runs the bundle from dist/.
    const config = (await readFile(demo.configPath, 'utf8')).replace(
      'path: cativa-keys.vault.json',
      `path: ${demo.vaultPath}`,
    );
    await writeFile(join(work, 'bundled.yaml'), config);
    await run(
      process.execPath,
      ['scripts/build-lambda.mjs', '--config', join(work, 'bundled.yaml')],
      {
        cwd: root,
      },
    );
    const osls = join(root, 'node_modules/osls/bin/serverless.js');
    await run(
      process.execPath,
      [osls, 'package', '--stage', STAGE, '--region', 'eu-west-1', '--package', out],
      {
        cwd: root,
        timeout: 120_000,
        // No AWS account: credentials that cannot work, so any call to AWS would fail the test.
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'none',
          AWS_SECRET_ACCESS_KEY: 'none',
          AWS_PROFILE: '',
        },
      },
    );
    template = JSON.parse(
      await readFile(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as Template;
    zip = zipEntries(await readFile(join(out, 'cativa-keys.zip')));
  }, 180_000);

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const resource = (id: string): Resource => {
    const r = template.Resources[id];
    if (!r) throw new Error(`no resource ${id} in the template`);
    return r;
  };

  it('has the audit and rotation functions on nodejs22.x, with their handlers in the zip', () => {
    for (const [id, file] of [
      ['AuditLambdaFunction', 'dist/lambda/audit-handler'],
      ['RotationLambdaFunction', 'dist/lambda/secrets-manager-rotation'],
    ] as const) {
      expect(resource(id).Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Handler: `${file}.handler`,
      });
      expect(zip).toContain(`${file}.mjs`);
    }
    expect(zip).toContain('dist/lambda/cativa-keys.yaml');
    // The 1Password SDK (14 MB) ships only when asked for (param onePasswordPackage).
    expect(zip.some((f) => f.includes('node_modules/@1password/'))).toBe(false);
    expect(zip.some((f) => f.includes('@aws-sdk/'))).toBe(false);
    expect(zip.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('loads no vault or alert SDK eagerly: the SDKs stay external and are imported on use', async () => {
    const dir = join(root, 'dist/lambda');
    const eager = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (eager.has(file)) return;
      eager.add(file);
      const code = await readFile(join(dir, file), 'utf8');
      for (const m of code.matchAll(
        /(?:^|[;\n}])\s*(?:import|export)\s[^;"]*?from\s*"(\.\/[^"]+)"/g,
      )) {
        if (m[1]) await visit(m[1].slice(2));
      }
    };
    await visit('audit-handler.mjs');
    const code = (await Promise.all([...eager].map((f) => readFile(join(dir, f), 'utf8')))).join(
      '\n',
    );
    expect(code).not.toMatch(/from\s*"@(?:aws-sdk|1password|slack)\//);
    expect(code).toContain('import("@aws-sdk/client-sns")');
  });

  it('runs the audit on a daily EventBridge schedule', () => {
    const rules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 6 * * ? *)',
      State: 'ENABLED',
      Targets: [{ Arn: { 'Fn::GetAtt': ['AuditLambdaFunction', 'Arn'] } }],
    });
  });

  it('alarms on stale keys, dead keys, audit failures, and a missing heartbeat', () => {
    const alarms = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties);
    const byMetric = Object.fromEntries(alarms.map((a) => [a.MetricName, a]));
    const service = (
      resource('AuditLambdaFunction').Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables.POWERTOOLS_SERVICE_NAME;
    for (const metric of ['StaleKeys', 'DeadKeys', 'AuditFailures']) {
      expect(byMetric[metric]).toMatchObject({
        Namespace: 'CativaKeys',
        Dimensions: [{ Name: 'service', Value: service }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
    expect(byMetric.AuditRuns).toMatchObject({
      Namespace: 'CativaKeys',
      Dimensions: [{ Name: 'service', Value: service }],
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: 'AlertTopic' }]);
    expect(resource('AlertTopic').Type).toBe('AWS::SNS::Topic');
  });

  it('grants no "*" resource except to the secretsmanager list and batch-read actions', () => {
    const all = statements(template);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      const actions = asList(s.Action);
      expect(
        actions.every((a) => !a.includes('*')),
        `wildcard action in ${actions}`,
      ).toBe(true);
      if (asList(s.Resource).includes('*')) {
        expect(actions.sort()).toEqual([
          'secretsmanager:BatchGetSecretValue',
          'secretsmanager:ListSecrets',
        ]);
      }
    }
    // Tagging is limited to the tool's own tag keys.
    const tagging = all.filter((s) => asList(s.Action).includes('secretsmanager:TagResource'));
    expect(tagging.length).toBeGreaterThan(0);
    for (const s of tagging) {
      expect((s as { Condition?: unknown }).Condition).toEqual({
        'ForAllValues:StringLike': { 'aws:TagKeys': ['cativa-keys:*'] },
      });
    }
    const text = JSON.stringify(template);
    expect(text).not.toContain('aws:accountId');
    expect(text).toMatch(/\$\{AWS::AccountId\}/);
  });

  it('lints clean with cfn-lint', (context) => {
    const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    if (probe.error) {
      console.warn('\n*** SKIPPING cfn-lint: it is not on PATH (pip install cfn-lint) ***\n');
      context.skip();
    }
    // W3005: the DependsOn on each function's role is written by osls, not by serverless.yml.
    const lint = spawnSync(
      'cfn-lint',
      ['--ignore-checks', 'W3005', '--', join(out, 'cloudformation-template-update-stack.json')],
      { encoding: 'utf8' },
    );
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  }, 60_000);

  it('bundles a handler that runs: config found next to it, metrics and a summary out', async () => {
    const script = `
      const { handler } = await import(${JSON.stringify(resolve(root, 'dist/lambda/audit-handler.mjs'))});
      const summary = await handler({}, { functionName: 'audit', awsRequestId: 'r-1' });
      process.stdout.write('SUMMARY ' + JSON.stringify(summary) + '\\n');`;
    const env = { ...process.env, CATIVA_KEYS_CONFIG: '', POWERTOOLS_DEV: '' };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env });
    const summary = JSON.parse(
      stdout
        .split('\n')
        .find((l) => l.startsWith('SUMMARY '))
        ?.slice(8) ?? '{}',
    );
    expect(summary).toMatchObject({ keysAudited: 9, metrics: { StaleKeys: 1, AuditRuns: 1 } });
    expect(stdout).toMatch(/"_aws":\{"Timestamp"/);
    expect(stdout).not.toMatch(/cativa_live_[0-9a-f]{32}/);
  });
});
