/**
 * A StateStore on disk: atomic writes (temp file + rename). The simulator checks what `load` returns
 * against the state schema and names `location` (this file) when it refuses it; a refused file is
 * never replaced.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { StateStore } from "../simulator";

export const STATE_FILE = "simulator-state.json";

export class FileStore implements StateStore {
  private counter = 0;

  constructor(private readonly file: string) {}

  static inDirectory(dir: string): FileStore {
    return new FileStore(join(dir, STATE_FILE));
  }

  get location(): string {
    return this.file;
  }

  async load(): Promise<string | null> {
    try {
      return await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new Error(`Cannot read the simulator state ${this.file}: ${(err as Error).message}. It was left untouched.`, { cause: err });
    }
  }

  async save(json: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${++this.counter}.tmp`;
    await writeFile(tmp, json, "utf8");
    await rename(tmp, this.file);
  }
}
