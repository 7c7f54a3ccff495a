// The one OpenAI client every script here uses: the daemon's URL and token come from the test.
import OpenAI from "openai";

export const client = new OpenAI({
  baseURL: `${process.env.ISLANDRUN_URL}/v1`,
  apiKey: process.env.ISLANDRUN_TOKEN,
  maxRetries: 0,
  timeout: 180_000,
});

export const model = "default";

// What the test reads: one JSON line on stdout.
export function report(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
}
