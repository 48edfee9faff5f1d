/**
 * Property values between the engine's wire form (protobuf Struct) and the runtime's plain objects.
 * Secrets arrive wrapped in the engine's secret marker: they are unwrapped for the runtime and
 * wrapped again on the way out for every property that holds one. Unknown preview values stay the
 * engine's placeholder string, which the runtime already recognises.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

type Props = Record<string, unknown>;

/** The engine's markers (sdk/go/common/resource/properties.go): a special signature key and its value for secrets. */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

function isSecretValue(value: unknown): value is { value: unknown } {
  return value !== null && typeof value === "object" && (value as Props)[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/** Plain values, every secret marker removed (at any depth). */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretValue(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, unwrapSecrets(inner)]));
  }
  return value;
}

/**
 * Where the engine sent a secret marker, as dotted paths (`userContext`, `credential.secretLabel`,
 * `proxyLocation.city`): the outermost marker of each branch, since everything under it is secret.
 */
export function secretPathsOf(value: unknown, prefix: readonly string[] = []): string[] {
  if (isSecretValue(value)) return [prefix.join(".")];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => secretPathsOf(inner, [...prefix, key]));
}

export function fromStruct(struct: Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

/**
 * The properties of a request as the runtime takes them: plain values, no secret markers. What was
 * secret is read apart with `secretPathsOf(fromStruct(...))` and marked again on the way out.
 */
export function plainPropsOf(struct: Struct | undefined): Props {
  return unwrapSecrets(fromStruct(struct)) as Props;
}

/**
 * A Struct of these properties with the listed ones marked secret. Undefined values are left out
 * (the engine has no such value).
 */
export function toStruct(props: Props, secretKeys: readonly string[] = []): Struct {
  const present = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
  for (const key of secretKeys) {
    if (present[key] !== undefined && !isSecretValue(present[key])) present[key] = { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: present[key] };
  }
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(present)));
}
