"""The attribute, event and metric names this instrumentation emits, and the histogram buckets.

The `gen_ai.*`, `server.*` and `error.type` names are those of the OpenTelemetry GenAI client
semantic conventions (a test checks them against `opentelemetry-semantic-conventions`);
`cerebras.*` names are this SDK's own, for what the conventions have no name for.
"""

from __future__ import annotations

from typing import Tuple

__all__ = [
    "CEREBRAS_REQUEST_ID",
    "CEREBRAS_RETRY_ATTEMPT",
    "CEREBRAS_RETRY_COUNT",
    "CEREBRAS_RETRY_DELAY",
    "CEREBRAS_RETRY_EVENT",
    "CEREBRAS_TIME_COMPLETION",
    "CEREBRAS_TIME_PROMPT",
    "CEREBRAS_TIME_QUEUE",
    "CEREBRAS_TIME_TOTAL",
    "DURATION_BUCKETS",
    "ERROR_TYPE",
    "EVENT_OPERATION_DETAILS",
    "GEN_AI_INPUT_MESSAGES",
    "GEN_AI_OPERATION_NAME",
    "GEN_AI_OUTPUT_MESSAGES",
    "GEN_AI_OUTPUT_TYPE",
    "GEN_AI_PROVIDER_NAME",
    "GEN_AI_REQUEST_CHOICE_COUNT",
    "GEN_AI_REQUEST_FREQUENCY_PENALTY",
    "GEN_AI_REQUEST_MAX_TOKENS",
    "GEN_AI_REQUEST_MODEL",
    "GEN_AI_REQUEST_PRESENCE_PENALTY",
    "GEN_AI_REQUEST_SEED",
    "GEN_AI_REQUEST_STOP_SEQUENCES",
    "GEN_AI_REQUEST_STREAM",
    "GEN_AI_REQUEST_TEMPERATURE",
    "GEN_AI_REQUEST_TOP_P",
    "GEN_AI_RESPONSE_FINISH_REASONS",
    "GEN_AI_RESPONSE_ID",
    "GEN_AI_RESPONSE_MODEL",
    "GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK",
    "GEN_AI_SYSTEM",
    "GEN_AI_TOKEN_TYPE",
    "GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS",
    "GEN_AI_USAGE_INPUT_TOKENS",
    "GEN_AI_USAGE_OUTPUT_TOKENS",
    "GEN_AI_USAGE_REASONING_OUTPUT_TOKENS",
    "HTTP_RESPONSE_STATUS_CODE",
    "METRIC_OPERATION_DURATION",
    "METRIC_TIME_PER_OUTPUT_CHUNK",
    "METRIC_TIME_TO_FIRST_CHUNK",
    "METRIC_TOKEN_USAGE",
    "PROVIDER",
    "SERVER_ADDRESS",
    "SERVER_PORT",
    "TOKEN_BUCKETS",
]

PROVIDER = "cerebras"
"""The value of `gen_ai.provider.name` (and of the older `gen_ai.system`)."""

GEN_AI_OPERATION_NAME = "gen_ai.operation.name"
GEN_AI_PROVIDER_NAME = "gen_ai.provider.name"
GEN_AI_SYSTEM = "gen_ai.system"
"""Deprecated in favour of `gen_ai.provider.name`; still set unless the latest conventions are opted into."""
GEN_AI_REQUEST_MODEL = "gen_ai.request.model"
GEN_AI_REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens"
GEN_AI_REQUEST_TEMPERATURE = "gen_ai.request.temperature"
GEN_AI_REQUEST_TOP_P = "gen_ai.request.top_p"
GEN_AI_REQUEST_SEED = "gen_ai.request.seed"
GEN_AI_REQUEST_STOP_SEQUENCES = "gen_ai.request.stop_sequences"
GEN_AI_REQUEST_STREAM = "gen_ai.request.stream"
GEN_AI_REQUEST_FREQUENCY_PENALTY = "gen_ai.request.frequency_penalty"
GEN_AI_REQUEST_PRESENCE_PENALTY = "gen_ai.request.presence_penalty"
GEN_AI_REQUEST_CHOICE_COUNT = "gen_ai.request.choice.count"
GEN_AI_OUTPUT_TYPE = "gen_ai.output.type"
GEN_AI_RESPONSE_ID = "gen_ai.response.id"
GEN_AI_RESPONSE_MODEL = "gen_ai.response.model"
GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons"
GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk"
GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens"
GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens"
GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens"
GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens"
GEN_AI_INPUT_MESSAGES = "gen_ai.input.messages"
GEN_AI_OUTPUT_MESSAGES = "gen_ai.output.messages"
GEN_AI_TOKEN_TYPE = "gen_ai.token.type"
SERVER_ADDRESS = "server.address"
SERVER_PORT = "server.port"
ERROR_TYPE = "error.type"
HTTP_RESPONSE_STATUS_CODE = "http.response.status_code"

CEREBRAS_REQUEST_ID = "cerebras.request_id"
"""The server's request id (the `x-request-id` response header)."""
CEREBRAS_RETRY_COUNT = "cerebras.retry_count"
"""How many retries the call took (0 when the first attempt answered)."""
CEREBRAS_TIME_QUEUE = "cerebras.time_info.queue_time"
CEREBRAS_TIME_PROMPT = "cerebras.time_info.prompt_time"
CEREBRAS_TIME_COMPLETION = "cerebras.time_info.completion_time"
CEREBRAS_TIME_TOTAL = "cerebras.time_info.total_time"
"""The server's own timings of the call (`time_info`), in seconds."""
CEREBRAS_RETRY_EVENT = "cerebras.retry"
"""The span event recorded for each retry."""
CEREBRAS_RETRY_ATTEMPT = "cerebras.retry.attempt"
"""On a retry event: the number of the retry about to be made (1 for the first)."""
CEREBRAS_RETRY_DELAY = "cerebras.retry.delay"
"""On a retry event: seconds waited before the retry."""

EVENT_OPERATION_DETAILS = "gen_ai.client.inference.operation.details"
"""The event the latest GenAI conventions emit once per inference operation (a log record
with this event name, carrying the operation's attributes and, when asked for, its messages)."""

METRIC_OPERATION_DURATION = "gen_ai.client.operation.duration"
METRIC_TOKEN_USAGE = "gen_ai.client.token.usage"
METRIC_TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk"
METRIC_TIME_PER_OUTPUT_CHUNK = "gen_ai.client.operation.time_per_output_chunk"

DURATION_BUCKETS: Tuple[float, ...] = (
    0.01,
    0.02,
    0.04,
    0.08,
    0.16,
    0.32,
    0.64,
    1.28,
    2.56,
    5.12,
    10.24,
    20.48,
    40.96,
    81.92,
)
"""The conventions' advised bucket boundaries (seconds) for the client duration histograms."""

TOKEN_BUCKETS: Tuple[int, ...] = (
    1,
    4,
    16,
    64,
    256,
    1024,
    4096,
    16384,
    65536,
    262144,
    1048576,
    4194304,
    16777216,
    67108864,
)
"""The conventions' advised bucket boundaries for `gen_ai.client.token.usage`."""
