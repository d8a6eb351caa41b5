/** A problem with the schema that stops generation; reported by buf as the plugin's error. */
export class PluginError extends Error {
  override name = "PluginError";
}
