/** A StateStore on disk: atomic writes (temp file + rename); a corrupt file is refused, never replaced. */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { StateStore } from "../simulator";

export class FileStore implements StateStore {
  private counter = 0;

  constructor(private readonly file: string) {}

  static inDirectory(dir: string): FileStore {
    return new FileStore(join(dir, "simulator-state.json"));
  }

  async load(): Promise<string | null> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new Error(`Cannot read simulator state ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    try {
      JSON.parse(text);
    } catch (err) {
      throw new Error(
        `Simulator state ${this.file} is corrupt (${(err as Error).message}); it was left untouched. Move it away or fix it to start.`,
        { cause: err },
      );
    }
    return text;
  }

  async save(json: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${++this.counter}.tmp`;
    await writeFile(tmp, json, "utf8");
    await rename(tmp, this.file);
  }
}
