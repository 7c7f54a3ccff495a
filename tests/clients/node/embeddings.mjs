// embeddings.create: the Node client asks for base64 by default and decodes it; float asked for too.
import { client, report } from "./client.mjs";

const model = process.env.ISLANDRUN_EMBED_MODEL;
const input = ["The cat sat on the mat.", "Quarterly revenue grew by four percent."];
const packed = await client.embeddings.create({ model, input });
const plain = await client.embeddings.create({ model, input, encoding_format: "float" });
report({
  packed: packed.data.map((d) => ({ index: d.index, embedding: Array.from(d.embedding) })),
  plain: plain.data.map((d) => ({ index: d.index, embedding: d.embedding })),
  usage: packed.usage,
});
