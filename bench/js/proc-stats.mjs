// What Linux's /proc tells about a running process, for the scale benches: peak resident
// memory, CPU time, bytes read, and the processes started below it. A process that has just
// exited reads as zeros and empty lists.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;  // USER_HZ, 100 on Linux

function readProc(pid, name) {
  try {
    return fs.readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return '';  // the process has exited
  }
}

// The fields of /proc/<pid>/stat after the command name (which may hold spaces), from its
// closing parenthesis: [0] is the state, [1] the parent's pid, [11] and [12] user and system ticks.
function statFields(pid) {
  return readProc(pid, 'stat').split(')').pop().trim().split(' ');
}

// The kernel keeps a process's resident high-water mark until it exits; poll it while it runs.
export function peakResidentBytes(pid) {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readProc(pid, 'status'));
  return match ? Number(match[1]) * 1024 : 0;
}

// User + system CPU seconds so far.
export function cpuSeconds(pid) {
  const fields = statFields(pid);
  return fields.length > 12 ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : 0;
}

// Bytes the process has read so far, by any read call.
export function bytesRead(pid) {
  const match = /^rchar:\s+(\d+)/m.exec(readProc(pid, 'io'));
  return match ? Number(match[1]) : 0;
}

// The process's command name (at most 15 bytes, as the kernel keeps it).
export function commandName(pid) {
  return readProc(pid, 'comm').trim();
}

// `pid` and every process started below it.
export function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(Number(entry));
  }
  const found = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop();
    found.push(next);
    pending.push(...(children.get(next) ?? []));
  }
  return found;
}
