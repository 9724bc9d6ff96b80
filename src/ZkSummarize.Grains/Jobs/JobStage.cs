namespace ZkSummarize.Grains.Jobs;

/// <summary>
/// Where a paid summary is (docs/node.md, "Jobs"). Each stage is persisted before the step it starts, so
/// a restarted node continues from the last one it wrote.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JobStage>))] // names in the API and the job files
public enum JobStage
{
    /// <summary>Nothing known under this request id.</summary>
    None,

    /// <summary>An escrow quote was issued: the request id is bound to one document until it expires.</summary>
    Quoted,

    /// <summary>The payment landed on chain (in escrow, or transferred for `exact`).</summary>
    Escrowed,

    Summarizing,
    Proving,

    /// <summary>The proof is made; the attestation that verifies it on chain and pays the worker is being sent.</summary>
    Attesting,

    /// <summary>Done: the summary is delivered and, for escrow, attested and paid out.</summary>
    Settled,

    /// <summary>The client took the escrow back (the deadline passed without an attestation).</summary>
    Refunded,

    /// <summary>The work could not be done; for escrow the money stays there until the client refunds it after the deadline.</summary>
    Failed,

    /// <summary>`exact` only: attested; the node is paying the worker its share of the payment (WorkerPayouts).</summary>
    PayingWorker,
}

public static class JobStageExtensions
{
    public static bool IsTerminal(this JobStage stage) => stage is JobStage.Settled or JobStage.Refunded or JobStage.Failed;

    /// <summary>Paid and not finished: the stages a restarted node must carry on.</summary>
    public static bool IsInFlight(this JobStage stage) => stage is JobStage.Escrowed or JobStage.Summarizing or JobStage.Proving or JobStage.Attesting or JobStage.PayingWorker;
}
