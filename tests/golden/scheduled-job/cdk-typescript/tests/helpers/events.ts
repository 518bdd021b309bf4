import { readFileSync } from 'node:fs';

/** A sample event from events/: the same file `sam local invoke --event` takes. */
export const loadEvent = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../events/${name}.json`, import.meta.url), 'utf8')) as T;
