// Tools with tool_choice "required": the message's tool_calls, plain and streamed (runTools' helper
// assembles the streamed deltas as a Node user would).
import { client, model, report } from "./client.mjs";

const tools = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "The current weather in a city.",
      parameters: {
        type: "object",
        properties: { city: { type: "string", maxLength: 40 } },
        required: ["city"],
      },
    },
  },
];
const messages = [{ role: "user", content: "What is the weather in Paris?" }];
const plain = await client.chat.completions.create({ model, messages, tools, tool_choice: "required", max_tokens: 60 });
const stream = client.chat.completions.stream({ model, messages, tools, tool_choice: "required", max_tokens: 60 });
const streamed = await stream.finalChatCompletion();
report({
  finish_reason: plain.choices[0].finish_reason,
  tool_calls: plain.choices[0].message.tool_calls ?? [],
  streamed_finish_reason: streamed.choices[0].finish_reason,
  streamed_tool_calls: streamed.choices[0].message.tool_calls ?? [],
});
