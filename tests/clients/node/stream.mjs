// chat.completions.create with stream: true, read with for await, usage in the last chunk.
import { client, model, report } from "./client.mjs";

const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Name three animals." }],
  max_tokens: 16,
  stream: true,
  stream_options: { include_usage: true },
});
const pieces = [];
let finish = null;
let usage = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks += 1;
  if (chunk.choices.length > 0) {
    pieces.push(chunk.choices[0].delta.content ?? "");
    finish = chunk.choices[0].finish_reason ?? finish;
  }
  if (chunk.usage) usage = chunk.usage;
}
report({ text: pieces.join(""), chunks, finish_reason: finish, usage });
