/**
 * Reads a required environment variable when the module loads, so a misconfigured function fails on its
 * cold start instead of on the first request that needs the value.
 */
export const requiredEnv = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set`);
  }
  return value;
};
