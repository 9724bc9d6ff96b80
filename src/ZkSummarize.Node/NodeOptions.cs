using System.ComponentModel.DataAnnotations;

namespace ZkSummarize.Node;

/// <summary>The node's configuration (section "Node"; environment variables Node__RpcUrl and so on).</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>Where the HTTP API (x402) listens, HTTP/1.1; port 0 picks a free one (the node prints it as "HTTP API: …").</summary>
    [Required]
    public Uri? HttpUrl { get; set; } = new("http://127.0.0.1:5080");

    /// <summary>Where the gRPC service listens, HTTP/2 cleartext (which cannot share a port with HTTP/1.1 without TLS); printed as "gRPC: …".</summary>
    [Required]
    public Uri? GrpcUrl { get; set; } = new("http://127.0.0.1:5081");

    /// <summary>
    /// Where the operators' pages listen (the Orleans dashboard at /dashboard/, Prometheus metrics at /metrics,
    /// and the health endpoints), HTTP/1.1; printed as "Management: …". It defaults to loopback: the dashboard
    /// shows every grain and call, so expose it only to a network that operators alone reach.
    /// </summary>
    [Required]
    public Uri? ManagementUrl { get; set; } = new("http://127.0.0.1:5082");

    /// <summary>The Solana JSON-RPC endpoint.</summary>
    [Required]
    public Uri? RpcUrl { get; set; }

    /// <summary>The CAIP-2 id of that chain, such as solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1 (devnet).</summary>
    [Required, RegularExpression("^solana:[1-9A-HJ-NP-Za-km-z]{32}$", ErrorMessage = "Network must be a Solana CAIP-2 id: solana:<first 32 characters of the genesis hash>.")]
    public string Network { get; set; } = "";

    /// <summary>solana-keygen JSON file of the key that pays the fees of settlement (the facilitator); gateways only.</summary>
    public string FeePayerKeypair { get; set; } = "";

    /// <summary>The wallet that receives `exact` payments (its USDC associated token account must exist); gateways only.</summary>
    public string PayTo { get; set; } = "";

    /// <summary>
    /// Optional: solana-keygen JSON file of the PayTo wallet. With it (and a program), the node pays each
    /// worker its share of an `exact` payment after the attestation, as the program does from an escrow;
    /// without it `exact` payments stay with PayTo.
    /// </summary>
    public string PayToKeypair { get; set; } = "";

    /// <summary>The USDC mint.</summary>
    [Required]
    public string Mint { get; set; } = "";

    /// <summary>Price of one summary in USDC base units (6 decimals: 250000 = 0.25 USDC).</summary>
    [Range(1, ulong.MaxValue)]
    public ulong Price { get; set; } = 250_000;

    /// <summary>The most bytes a submitted document may have.</summary>
    [Range(1, 10_000_000)]
    public int MaxDocumentBytes { get; set; } = 1_000_000;

    /// <summary>The escrow program; when set, the node also offers the escrow scheme and proves and attests its work.</summary>
    public string? ProgramId { get; set; }

    /// <summary>
    /// The operator key (base58) its escrow quotes name: the program lets only workers this key registered
    /// (`zks worker register`) attest those escrows, so a stranger who knows the document cannot claim them.
    /// Required on a gateway with Node:ProgramId.
    /// </summary>
    public string? Operator { get; set; }

    /// <summary>solana-keygen JSON file of the worker key that proves, attests and is paid (escrow scheme).</summary>
    public string? WorkerKeypair { get; set; }

    /// <summary>The compiled grounding circuits (circuits/build): each member's .r1cs and _js/*.wasm.</summary>
    public string? CircuitFolder { get; set; }

    /// <summary>
    /// The members of the grounding family this node's workers prove (circuits/README.md), by name; empty: every
    /// member the program's config holds a key for. A gateway quotes only these, so in a cluster list the ones every
    /// worker proves.
    /// </summary>
    public string[] Circuits { get; set; } = [];

    /// <summary>
    /// A proving key (snarkjs .zkey) per member of the family, by name, such as Node:Zkeys:grounding_d6k4. The full
    /// circuit's may also be given as Node:ZkeyPath. A member without one proves under its public development key,
    /// on the dev chain only; elsewhere it is not proven here.
    /// </summary>
    public Dictionary<string, string> Zkeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Seconds the client has, after paying into escrow, before it may take the money back.</summary>
    [Range(60, 86_400)]
    public int EscrowSeconds { get; set; } = 600;

    /// <summary>The full grounding circuit's proving key from a setup ceremony (snarkjs .zkey, circuits/README.md); without it the node makes the public development key at startup.</summary>
    public string? ZkeyPath { get; set; }

    /// <summary>Proofs this node makes at once; one already uses every core, so 1 gives the lowest latency.</summary>
    [Range(1, 64)]
    public int ConcurrentProofs { get; set; } = 1;

    /// <summary>Where the embedded node keeps its jobs (JSON files; paid work, so keep it on a durable disk).</summary>
    [Required]
    public string StateFolder { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "zksummarize", "node");

    /// <summary>The Orleans silo-to-silo port (localhost clustering).</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The Orleans client gateway port; 0 runs no gateway (the node's own API is its client).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>
    /// What this node does, comma-separated: <c>gateway</c> (the HTTP and gRPC front door: x402, quotes,
    /// settlement, the jobs) and <c>worker</c> (summarise, prove and attest with its own worker key).
    /// The embedded default is both.
    /// </summary>
    [Required, RegularExpression("^(gateway|worker)(,(gateway|worker))?$", ErrorMessage = "Roles is gateway, worker, or gateway,worker.")]
    public string Roles { get; set; } = "gateway,worker";

    /// <summary>Where jobs and cluster membership live: <c>File</c> (one node, JSON files under StateFolder) or <c>PostgreSql</c> (a cluster; docs/cluster.md).</summary>
    [Required, RegularExpression("^(File|PostgreSql)$", ErrorMessage = "Storage is File or PostgreSql.")]
    public string Storage { get; set; } = "File";

    /// <summary>The PostgreSQL connection string (Storage = PostgreSql), such as Host=db;Username=zks;Password=…;Database=zksummarize.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The cluster's name: nodes with the same ClusterId and database form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "zksummarize";

    /// <summary>The address other nodes reach this one at (Storage = PostgreSql): an IP address, or a host name resolved at startup (a container's service name).</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public bool IsGateway => Roles.Split(',').Contains("gateway");

    public bool IsWorker => Roles.Split(',').Contains("worker");

    public bool Clustered => Storage == "PostgreSql";

    /// <summary>Seconds a client has to pay an escrow quote; an unpaid quote is forgotten after that.</summary>
    [Range(10, 3600)]
    public int QuoteSeconds { get; set; } = 300;

    /// <summary>
    /// Unpaid requests (each issues and stores a quote, or costs a simulation) and refused payments one client
    /// address may make a minute; over it, that address gets 429 until the minute is over.
    /// </summary>
    [Range(1, 100_000)]
    public int UnpaidRequestsPerMinute { get; set; } = 600;

    /// <summary>
    /// The addresses of reverse proxies in front of the node. Only requests from them have their
    /// X-Forwarded-For read, so the per-client limits see the client and not the proxy. Empty (the
    /// default): the header is ignored, since anyone could send it.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>
    /// The most a payment may make the fee payer spend beyond the base fee (compute-unit limit × price), in
    /// lamports. The fee payer co-signs every payment, so without a cap each one could cost it 0.007 SOL.
    /// </summary>
    [Range(0, 1_000_000_000)]
    public ulong MaxPriorityFeeLamports { get; set; } = 10_000;

    /// <summary>The highest compute-unit limit a payment transaction may ask for.</summary>
    [Range(1, 1_400_000)]
    public uint MaxComputeUnits { get; set; } = 200_000;

    /// <summary>
    /// Mints POST /settle settles for other resource servers (the node pays their fees). Empty: only Node:Mint.
    /// </summary>
    public string[] SettleAssets { get; set; } = [];

    /// <summary>Payees (payTo wallets) POST /settle settles for. Empty: only Node:PayTo.</summary>
    public string[] SettlePayees { get; set; } = [];

    /// <summary>Summary length when the request does not say.</summary>
    [Range(1, 16)]
    public int DefaultSentences { get; set; } = 3;

    /// <summary>
    /// The built receipt page (src/receipt-page/dist) served at /receipt/; by default the copy the build puts
    /// beside the node (receipt-page/). Anyone may host the same files elsewhere or open them from disk.
    /// </summary>
    public string? ReceiptPageFolder { get; set; }
}

/// <summary>The rules that depend on the node's roles and storage, with messages that say what to set.</summary>
public sealed class NodeOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<NodeOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.IsGateway && string.IsNullOrEmpty(options.FeePayerKeypair)) problems.Add("A gateway settles payments: set Node:FeePayerKeypair.");
        foreach (var proxy in options.KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            problems.Add($"Node:KnownProxies holds '{proxy}', which is not an IP address; list the proxies' addresses.");
        }
        if (options.IsGateway && string.IsNullOrEmpty(options.PayTo)) problems.Add("A gateway sells `exact` payments: set Node:PayTo.");
        if (!string.IsNullOrEmpty(options.PayToKeypair))
        {
            try
            {
                using var payTo = Solana.Keypair.LoadSolanaKeygenFile(options.PayToKeypair);
                if (payTo.PublicKey.ToString() != options.PayTo) problems.Add($"Node:PayToKeypair is the key of {payTo.PublicKey}, not of Node:PayTo {options.PayTo}.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException or ArgumentException)
            {
                problems.Add($"Node:PayToKeypair {options.PayToKeypair} cannot be read as a solana-keygen key file: {e.Message}");
            }
        }
        if (options.IsWorker && !string.IsNullOrEmpty(options.ProgramId) && (string.IsNullOrEmpty(options.WorkerKeypair) || string.IsNullOrEmpty(options.CircuitFolder)))
        {
            problems.Add("A worker with Node:ProgramId proves and attests: set Node:WorkerKeypair and Node:CircuitFolder.");
        }
        if (options.IsGateway && !string.IsNullOrEmpty(options.ProgramId) && string.IsNullOrEmpty(options.Operator))
        {
            problems.Add("A gateway with Node:ProgramId sells escrows for an operator: set Node:Operator to the key that registered its workers (zks worker register).");
        }
        foreach (var circuit in options.Circuits.Concat(options.Zkeys.Keys).Where(c => Core.Proving.GroundingFamily.Find(c) is null).Distinct())
        {
            problems.Add($"Node:Circuits or Node:Zkeys names '{circuit}', which is not a grounding circuit; the members are {string.Join(", ", Core.Proving.GroundingFamily.Members.Select(m => m.Name))}.");
        }
        if (options.Clustered && string.IsNullOrEmpty(options.PostgresConnectionString)) problems.Add("Node:Storage is PostgreSql: set Node:PostgresConnectionString.");
        if (!options.Clustered && options.Roles != "gateway,worker" && options.Roles != "worker,gateway") problems.Add("One node on File storage must be both gateway and worker; separate roles need Node:Storage=PostgreSql.");
        return problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems);
    }
}
