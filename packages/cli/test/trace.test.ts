import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ profiles: 5 });
});
afterAll(async () => {
  await emulator?.stop();
});

interface SpanLine {
  traceId: string;
  id: string;
  parentSpanContext?: { spanId: string };
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code: number };
  events: { name: string }[];
}

function spansIn(file: string): SpanLine[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as SpanLine);
}

describe('acs --trace <file>', () => {
  it("writes the run's spans: the command's root span, each call under it, the token request under the first", async () => {
    const dir = tempDir('acs-trace-');
    const file = join(dir, 'trace.jsonl');
    const env = baseEnv(tempDir(), emulatorEnv(emulator));
    const { code, stdout, stderr } = await runAcs(
      ['--trace', file, 'profiles', 'list', '--limit', '2', '-o', 'json'],
      {
        env,
        cwd: dir,
      },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveLength(2);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const spans = spansIn(file);
    const root = spans.find((span) => span.name === 'acs profiles list')!;
    expect(root).toBeDefined();
    expect(root.parentSpanContext).toBeUndefined();
    const call = spans.find((span) => span.name === 'GET /profileAndServices/profile')!;
    expect(call.parentSpanContext?.spanId).toBe(root.id);
    expect(call.attributes).toMatchObject({ 'http.response.status_code': 200, 'campaign.tenant': 'acme' });
    const token = spans.find((span) => span.name === 'campaign.auth.token')!;
    expect(token.parentSpanContext?.spanId).toBe(call.id);
    const ims = spans.find((span) => span.name === 'POST')!;
    expect(ims.parentSpanContext?.spanId).toBe(token.id);
    expect(ims.attributes['url.template']).toBe('/ims/token/v3');
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(emulator.credentials.clientSecret);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  }, 60_000);

  it('on a refused secret: the failed token request and command are in the file, the secret is not', async () => {
    const dir = tempDir('acs-trace-');
    const file = join(dir, 'trace.jsonl');
    const secret = `p8e-${randomBytes(24).toString('base64url')}`;
    const env = baseEnv(tempDir(), { ...emulatorEnv(emulator), ACS_CLIENT_SECRET: secret });
    const { code, stderr } = await runAcs(['--trace', file, 'profiles', 'list'], { env, cwd: dir });
    expect(code).not.toBe(0);
    expect(stderr).not.toContain(secret);
    const spans = spansIn(file);
    const ims = spans.filter((span) => span.name === 'POST');
    expect(ims.length).toBeGreaterThan(0);
    expect(ims[0]!.attributes).toMatchObject({
      'http.response.status_code': 400,
      'error.type': 'invalid_client',
    });
    expect(ims[0]!.status.code).toBe(2);
    expect(spans.find((span) => span.name === 'acs profiles list')?.status.code).toBe(2);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('exception.message');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(4, 24));
  }, 60_000);

  it('without --trace, no OpenTelemetry SDK module is loaded', async () => {
    const dir = tempDir('acs-trace-');
    const env = baseEnv(tempDir(), { ...emulatorEnv(emulator), NODE_DEBUG: 'module' });
    const traced = await runAcs(['--trace', join(dir, 't.jsonl'), 'services', 'list', '--limit', '1'], {
      env,
      cwd: dir,
    });
    const plain = await runAcs(['services', 'list', '--limit', '1'], { env, cwd: dir });
    expect(traced.code).toBe(0);
    expect(plain.code).toBe(0);
    expect(traced.stderr).toMatch(/sdk-trace-base/);
    expect(plain.stderr).not.toMatch(/sdk-trace-base|context-async-hooks/);
  }, 60_000);
});
