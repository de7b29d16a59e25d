/** Why an output file cannot be written, told as a sentence (never a bare errno code such as "EROFS"). No `vscode` import. */
import * as fs from 'fs';
import * as path from 'path';

/** An output file cannot be written; the message is meant for the user as it is. */
export class OutputFileError extends Error {
  override name = 'OutputFileError';
}

/** The nearest existing ancestor of `dir` (itself included) that is not a folder, if any: "a parent that is a file". */
export function fileInThePath(dir: string): string | undefined {
  let p = path.resolve(dir);
  for (;;) {
    try {
      return fs.statSync(p).isDirectory() ? undefined : p;
    } catch {
      const up = path.dirname(p);
      if (up === p) return undefined;
      p = up;
    }
  }
}

/** The nearest ancestor of `dir` (itself included) that exists. */
function existingAncestor(dir: string): string {
  let p = path.resolve(dir);
  while (!fs.existsSync(p) && path.dirname(p) !== p) p = path.dirname(p);
  return p;
}

/** `e` (thrown while creating or writing `file` in folder `dir`) as an OutputFileError with a clear reason. */
export function describeFileError(e: unknown, file: string, dir = path.dirname(path.resolve(file))): OutputFileError {
  if (e instanceof OutputFileError) return e;
  const err = e as NodeJS.ErrnoException;
  const why = (reason: string) => new OutputFileError(`cannot write ${file}: ${reason}`);
  switch (err?.code) {
    case 'ENOENT': {
      const blocker = fileInThePath(dir);
      if (blocker) return why(`${blocker} is a file, not a folder`);
      return why(`the folder ${dir} does not exist (the nearest one that does is ${existingAncestor(dir)})`);
    }
    case 'ENOTDIR': {
      const blocker = fileInThePath(dir);
      return why(blocker ? `${blocker} is a file, not a folder` : `a part of the path ${dir} is not a folder`);
    }
    case 'EACCES':
    case 'EPERM':
      return why(`you do not have permission to write in the folder ${dir}`);
    case 'EROFS':
      return why(`the folder ${dir} is on a read-only file system`);
    case 'ENOSPC':
      return why(`the disk holding ${dir} is full; free some space and try again`);
    case 'EDQUOT':
      return why(`your disk quota on ${dir} is used up`);
    case 'EFBIG':
      return why('the file would be larger than the file system allows');
    case 'EISDIR':
      return why('it is a folder');
    case 'ENAMETOOLONG':
      return why('the file name is too long');
    case 'ELOOP':
      return why('too many symbolic links lead to it');
    case 'EMFILE':
    case 'ENFILE':
      return why('too many files are open; close some programs and try again');
    case 'EIO':
      return why(`the disk holding ${dir} reported an input/output error`);
    case 'EBUSY':
    case 'ETXTBSY':
      return why('another program is using it');
    default:
      return why(err?.message ?? String(e));
  }
}

/** Free bytes for an unprivileged writer in `dir`, or undefined when the platform cannot tell. */
export function freeBytes(dir: string): number | undefined {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}
