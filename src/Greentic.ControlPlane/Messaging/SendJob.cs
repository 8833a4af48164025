using System.Text.Json.Nodes;
using Greentic.Messaging.V1;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Messaging;

/// <summary>One message to push through the pipeline: the envelope JSON (tenant already the authorized one) and where to send it.</summary>
internal sealed record SendJob(string JobId, string ProviderType, JsonObject Message, ReplyScope? ReplyScope, int MaxAttempts, string? CorrelationId);

/// <summary>What the pipeline did: the response to return, and the failure to dead-letter when it did not succeed.</summary>
internal sealed record SendOutcome(SendResponse Response, NodeError? Failure);
