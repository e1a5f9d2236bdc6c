import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('acs-emulator bin', () => {
  it('prints ready credentials that work, and stops on SIGTERM removing its key file', async () => {
    const child = spawn(
      process.execPath,
      [bin, '--port', '0', '--profiles', '10', '--big-table-threshold', '9'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const env = await new Promise<Record<string, string>>((resolve, reject) => {
      let out = '';
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Press Ctrl+C'))
          resolve(
            Object.fromEntries((out.match(/^ACS_\w+=.*$/gm) ?? []).map((l) => l.split(/=(.*)/s).slice(0, 2))),
          );
      });
    });
    try {
      expect(env.ACS_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(readFileSync(env.ACS_PRIVATE_KEY_FILE!, 'utf8')).toContain('BEGIN PRIVATE KEY');
      const tokenRes = await fetch(`${env.ACS_IMS_URL}/ims/token/v3`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: env.ACS_CLIENT_ID!,
          client_secret: env.ACS_CLIENT_SECRET!,
          scope: env.ACS_SCOPES!,
        }),
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const res = await fetch(
        `${env.ACS_BASE_URL}/${env.ACS_TENANT}/campaign/profileAndServices/profile/_count`,
        {
          headers: { Authorization: `Bearer ${access_token}`, 'X-Api-Key': env.ACS_CLIENT_ID! },
        },
      );
      expect(await res.json()).toEqual({ count: 10 });
      const page = await fetch(
        `${env.ACS_BASE_URL}/${env.ACS_TENANT}/campaign/profileAndServices/profile?_lineCount=2`,
        {
          headers: { Authorization: `Bearer ${access_token}`, 'X-Api-Key': env.ACS_CLIENT_ID! },
        },
      );
      // 10 profiles, above a big-table threshold of 9: no next link.
      expect(((await page.json()) as { next?: unknown }).next).toBeUndefined();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(existsSync(env.ACS_PRIVATE_KEY_FILE!)).toBe(false);
  });
});

describe('acs-emulator --rate-limit', () => {
  it('limits Campaign calls per organization, and says so in its banner', async () => {
    // One call per 1000 s: the second call is refused however slow the machine.
    const child = spawn(process.execPath, [bin, '--port', '0', '--rate-limit', '0.001'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('Press Ctrl+C')) resolve(text);
      });
    });
    try {
      expect(out).toContain('Limit:    0.001 Campaign requests/s per organization');
      const env = Object.fromEntries(
        (out.match(/^ACS_\w+=.*$/gm) ?? []).map((l) => l.split(/=(.*)/s).slice(0, 2)),
      ) as Record<string, string>;
      const tokenRes = await fetch(`${env.ACS_IMS_URL}/ims/token/v3`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: env.ACS_CLIENT_ID!,
          client_secret: env.ACS_CLIENT_SECRET!,
        }),
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const call = () =>
        fetch(`${env.ACS_BASE_URL}/${env.ACS_TENANT}/campaign/profileAndServices/profile/_count`, {
          headers: { Authorization: `Bearer ${access_token}`, 'X-Api-Key': env.ACS_CLIENT_ID! },
        });
      expect((await call()).status).toBe(200);
      const refused = await call();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(900);
      expect(await refused.json()).toEqual({ error_code: '429050', message: 'Too many requests' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a rate that is not a positive number', async () => {
    const child = spawn(process.execPath, [bin, '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(stderr).toContain('--rate-limit must be a positive number of requests per second, got "0"');
  });
});
