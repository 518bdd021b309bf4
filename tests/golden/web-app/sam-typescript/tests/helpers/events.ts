import { readFileSync } from 'node:fs';

/** A sample event from events/: the same file `sam local invoke --event` takes. */
export const loadEvent = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../events/${name}.json`, import.meta.url), 'utf8')) as T;

type ApiEvent = Record<string, unknown> & { requestContext: Record<string, unknown> };

/** The sample API event aimed at another method, path and body (payload format 1.0 or 2.0). */
export const apiRequest = <T>(base: T, method: string, path: string, body?: string): T => {
  const event = structuredClone(base) as ApiEvent;
  if ('httpMethod' in event) {
    event.httpMethod = method;
    event.path = path;
    event.body = body ?? null;
    event.requestContext.httpMethod = method;
  } else {
    event.rawPath = path;
    event.requestContext.http = { ...(event.requestContext.http as Record<string, unknown>), method, path };
    if (body === undefined) {
      delete event.body;
    } else {
      event.body = body;
    }
  }
  return event as T;
};

/** The event with more request headers (in both header maps of payload format 1.0). */
export const withHeaders = <T>(base: T, headers: Record<string, string>): T => {
  const event = structuredClone(base) as ApiEvent;
  event.headers = { ...(event.headers as Record<string, string> | null | undefined), ...headers };
  if ('multiValueHeaders' in event) {
    const multi = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
    event.multiValueHeaders = { ...(event.multiValueHeaders as Record<string, string[]> | null), ...multi };
  }
  return event as T;
};

export type ApiResponse = { statusCode: number; body?: string; headers?: Record<string, unknown> };
