// The SDK's suggestion helper, through its light subpath so that `--help` and
// usage errors do not load the schemas.
import { didYouMean } from "@planton/sdk/suggest";

export function suggest(input: string, names: string[]): string {
  return didYouMean(input, names);
}
