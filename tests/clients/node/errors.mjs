// A refused parameter: the client throws its BadRequestError with the daemon's message.
import OpenAI from "openai";
import { client, model, report } from "./client.mjs";

try {
  await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: "hi" }],
    max_tokens: 4,
    logit_bias: { 50256: -100 },
  });
  report({ thrown: null });
} catch (error) {
  report({
    thrown: error.constructor.name,
    is_bad_request: error instanceof OpenAI.BadRequestError,
    status: error.status,
    message: error.message,
  });
}
