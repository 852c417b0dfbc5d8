import type { ProtoValue } from "./protocol.js";
import { HranaError } from "./protocol.js";

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

export type SqlValue = null | bigint | number | string | Buffer;

/** Wire value → what the engine binds. Integers stay exact as BigInt. */
export function valueFromProto(value: ProtoValue): SqlValue {
  switch (value.type) {
    case "null":
      return null;
    case "integer": {
      const n = BigInt(value.value);
      if (n < I64_MIN || n > I64_MAX) throw new HranaError(`Integer ${value.value} is outside the 64-bit range`, "PROTOCOL_ERROR");
      return n;
    }
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return Buffer.from(value.base64, "base64");
  }
}

/** Engine value → wire value. With safe integers on, INTEGER arrives as bigint and REAL as number. */
export function valueToProto(value: unknown): ProtoValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) return { type: "blob", base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  throw new HranaError(`Unsupported value of type ${typeof value}`, "INTERNAL_ERROR");
}
