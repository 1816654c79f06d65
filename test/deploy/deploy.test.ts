// The deploy/ examples run as written: the qmkit commands of the GitHub Actions workflow and of the Kubernetes Jobs are
// read from their YAML files (nothing is copied here, so they cannot drift) and run locally, shards one after another,
// then the merge. Both give a complete kit, and the same bytes.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { Manifest } from '../../src/kit/manifest.ts';
import { sampleData, tempDir, treeHashes } from '../kit/helpers.ts';

const ROOT = path.resolve(__dirname, '../..');
const QMKIT = `node ${JSON.stringify(path.join(ROOT, 'bin', 'qmkit.js'))}`;

/** Runs one command line as the engine's shell would; `npx qmkit` is this checkout's bin/qmkit.js. */
async function sh(script: string, cwd: string, env: Record<string, string> = {}, shell = 'bash'): Promise<void> {
  expect(script, 'every ${{ … }} expression is substituted').not.toContain('${{');
  const line = script.replaceAll('npx qmkit', QMKIT);
  // Asynchronous: a child that runs for a while must not block the test worker's event loop.
  const child = spawn(shell, ['-c', line], { cwd, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, `${line}\n${stderr}`).toBe(0);
}

interface Step {
  run?: string;
}
interface Workflow {
  jobs: { shard: { strategy: { matrix: { shard: number[] } }; steps: Step[] }; merge: { needs: string; steps: Step[] } };
}

const runs = (steps: Step[], what: string) => steps.map((s) => s.run ?? '').filter((r) => r.includes(what));

/** A small kit: one sample campaign (its theme) on all 17 profiles. */
function workspace(): string {
  const dir = tempDir('qmkit-deploy-');
  sampleData([], path.join(dir, 'data'));
  const file = path.join(dir, 'data', 'campaigns', 'sample', '2030.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('slogans:\n', 'slogans: []\n'));
  return dir;
}

function checkKit(out: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.build?.id).toMatch(/^[0-9a-f]{64}$/);
  expect(manifest.build?.shard).toBeUndefined();
  expect(new Set(manifest.assets.map((a) => a.profile)).size).toBe(17);
  expect(manifest.packs.length).toBeGreaterThan(0);
  return treeHashes(out);
}

let githubKit: Record<string, string> | undefined;
/** The GitHub run's render cache: the Kubernetes run starts from it, as shards that share a cache volume would. */
let githubCache: string | undefined;

describe('deploy/github-actions/qmkit-sharded.yml', () => {
  const wf = parse(readFileSync(path.join(ROOT, 'deploy/github-actions/qmkit-sharded.yml'), 'utf8')) as Workflow;

  it('runs each matrix shard, then the merge, exactly as written', async () => {
    const shards = wf.jobs.shard.strategy.matrix.shard;
    expect(shards).toEqual([1, 2, 3, 4]);
    expect(wf.jobs.merge.needs).toBe('shard');
    const [build] = runs(wf.jobs.shard.steps, 'qmkit build');
    const [merge] = runs(wf.jobs.merge.steps, 'qmkit merge');
    expect(build).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }}');
    const cwd = workspace();
    for (const k of shards) {
      await sh(build!.replaceAll('${{ matrix.shard }}', String(k)).replaceAll('${{ strategy.job-total }}', String(shards.length)), cwd);
    }
    // download-artifact puts each part-<k> artifact in parts/part-<k>: where the shards wrote them here.
    await sh(merge!, cwd);
    githubKit = checkKit(path.join(cwd, 'output'));
    githubCache = path.join(cwd, '.cache', 'qmkit');
  }, 300_000);
});

describe('deploy/kubernetes', () => {
  interface Container {
    workingDir: string;
    command: string[];
    env: { name: string; value: string }[];
  }
  interface Job {
    kind: string;
    metadata: { name: string };
    spec: { completionMode?: string; completions?: number; template: { spec: { containers: Container[] } } };
  }
  const jobs = ['qmkit-shards.yaml', 'qmkit-merge.yaml'].flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(ROOT, 'deploy/kubernetes', f), 'utf8')).map((d) => d.toJS() as Job),
  );

  it('runs every index of the Indexed Job, then the merge Job, exactly as written, on a shared cache', async () => {
    const shards = jobs.find((j) => j.spec.completionMode === 'Indexed')!;
    const merge = jobs.find((j) => j.metadata.name === 'qmkit-merge')!;
    expect(shards.kind).toBe('Job');
    const cwd = workspace();
    const work = path.join(cwd, 'work');
    mkdirSync(work);
    // The cache is content-addressed: a copy of another run's cache is a valid cache (what a shared volume gives).
    if (githubCache && existsSync(githubCache)) cpSync(githubCache, path.join(work, 'cache'), { recursive: true });
    const run = async (job: Job, extra: Record<string, string>) => {
      const [c] = job.spec.template.spec.containers;
      expect(c!.workingDir).toBe('/app');
      expect(c!.command.slice(0, 2)).toEqual(['sh', '-c']);
      // The container's env, with the volume's mount point (/work) moved into the test's folder.
      const env = Object.fromEntries(c!.env.map((e) => [e.name, e.name === 'QMKIT_WORK' ? work : e.value]));
      await sh(c!.command[2]!, cwd, { ...env, ...extra }, 'sh');
    };
    const n = shards.spec.completions!;
    expect(shards.spec.template.spec.containers[0]!.env.find((e) => e.name === 'QMKIT_SHARDS')?.value).toBe(String(n));
    for (let i = 0; i < n; i++) await run(shards, { JOB_COMPLETION_INDEX: String(i) });
    await run(merge, {});
    const kit = checkKit(path.join(work, 'output'));
    // The same data through the other engine: the same bytes.
    if (githubKit) expect(kit).toEqual(githubKit);
  }, 300_000);
});
