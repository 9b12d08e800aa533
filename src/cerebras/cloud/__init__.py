# The `cerebras.cloud` namespace; the SDK lives in `cerebras.cloud.sdk`.
