import { BadRequestError } from '@aws-lambda-powertools/event-handler/http';

/** The request body as a JSON object, or a 400 Bad Request. */
export const readJsonObject = async (req: Request): Promise<Record<string, unknown>> => {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new BadRequestError('The request body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
};

/** A path parameter the route guarantees (API Gateway only routes requests that have it). */
export const pathParam = (params: Record<string, string | undefined>, name: string): string => {
  const value = params[name];
  if (value === undefined || value === '') {
    throw new BadRequestError(`Missing path parameter ${name}`);
  }
  return value;
};

/** A JSON response with a status other than 200. */
export const json = (status: number, body: unknown): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
