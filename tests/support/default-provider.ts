/**
 * The engine's name for the default `skyvern` provider the package's classes and SDKs ask for:
 * `default_<major>_<minor>_<patch>_<pluginDownloadURL as a QName>` (Pulumi's ProviderRequest.DefaultName;
 * the URL's `://` becomes `_/`, as measured with the v3.259.0 CLI). Every Pulumi package that declares a
 * pluginDownloadURL gets such a name.
 */
import { PACKAGE_VERSION, PLUGIN_DOWNLOAD_URL } from "../../provider/native/tokens";

export const DEFAULT_PROVIDER_NAME = `default_${PACKAGE_VERSION.replace(/\./g, "_")}_${PLUGIN_DOWNLOAD_URL.replace("://", "_/")}`;
