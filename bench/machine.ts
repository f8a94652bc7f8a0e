import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** Where the figures were measured; two results are only comparable on similar machines. */
export interface MachineInfo {
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly totalMemMb: number;
  /** 1-minute load average when the bench started: high means other work shared the cores. */
  readonly loadAvg1m: number;
}

/** What the bench ran on. */
export function machineInfo(): MachineInfo {
  const all = cpus();
  return {
    cpuCount: all.length,
    cpuModel: all[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    totalMemMb: Math.round(totalmem() / 2 ** 20),
    loadAvg1m: loadavg()[0] ?? 0,
  };
}

/** Which code was measured: the commit and whether the work tree had changes. */
export interface CodeInfo {
  readonly commit: string | undefined;
  readonly dirty: boolean | undefined;
}

/** Reads the commit of `root`; undefined fields when git is missing or this is not a checkout. */
export function codeInfo(root: string): CodeInfo {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD').trim(),
      dirty: git('status', '--porcelain', '--untracked-files=no').trim() !== '',
    };
  } catch {
    return { commit: undefined, dirty: undefined };
  }
}
