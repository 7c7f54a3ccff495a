// chat.completions.create, plain: the answer, its finish reason and usage.
import { client, model, report } from "./client.mjs";

const completion = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Name three colours." }],
  max_tokens: 12,
});
report({
  content: completion.choices[0].message.content,
  role: completion.choices[0].message.role,
  finish_reason: completion.choices[0].finish_reason,
  usage: completion.usage,
  island: completion.islandrun?.island,
});
