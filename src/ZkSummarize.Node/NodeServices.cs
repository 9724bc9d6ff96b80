using Microsoft.Extensions.Options;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Grains.Sales;
using ZkSummarize.Grains.Workers;
using ZkSummarize.Payments.Settlement;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Node;

/// <summary>The gateway's fee payer key (Node:FeePayerKeypair), loaded once for the facilitators and the worker payouts.</summary>
internal sealed record FeePayer(Keypair Key);

/// <summary>Builds the node's payment and proving services from <see cref="NodeOptions"/>.</summary>
public static class NodeServices
{
    public static IServiceCollection AddSummarySales(this IServiceCollection services)
    {
        services.AddSingleton(sp => SolanaRpcClient.Create(Options(sp).RpcUrl!, logger: sp.GetRequiredService<ILogger<SolanaRpcClient>>()));
        services.AddSingleton(sp =>
        {
            var o = Options(sp);
            return new SaleTerms(o.Network, o.Price, o.Mint, o.PayTo, string.IsNullOrEmpty(o.ProgramId) ? null : o.ProgramId, string.IsNullOrEmpty(o.Operator) ? null : o.Operator, o.EscrowSeconds)
            {
                QuoteValidity = TimeSpan.FromSeconds(o.QuoteSeconds),
            };
        });
        services.AddSingleton(sp => new FeePayer(Keypair.LoadSolanaKeygenFile(Options(sp).FeePayerKeypair)));
        services.AddSingleton(CreateFacilitators);
        services.AddSingleton<PaymentOffers>();
        services.AddSingleton<IJobChain>(CreateJobChain);
        services.AddSingleton<NodeAdmission>();
        services.AddSingleton<PaidSummaries>();
        services.AddSingleton<GrpcSales>();
        services.AddSingleton(sp => new UnpaidRequestBudget(Options(sp).UnpaidRequestsPerMinute));
        services.AddSingleton(sp => CreateGroundingWork(sp)!);
        services.AddSingleton(CreateCircuitChoice);
        services.AddSingleton<IGroundingWork>(sp => sp.GetRequiredService<GroundingWork>());
        return services;
    }

    /// <summary>True when the node proves and attests (escrow), which needs the program, a worker key and the circuit.</summary>
    public static bool Proves(NodeOptions options) => !string.IsNullOrEmpty(options?.ProgramId);

    private static NodeOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<NodeOptions>>().Value;

    private static EscrowProgram? Program(NodeOptions o) => Proves(o) ? new EscrowProgram(PublicKey.Parse(o.ProgramId!)) : null;

    private static PaymentFacilitators CreateFacilitators(IServiceProvider services)
    {
        var o = Options(services);
        var rpc = services.GetRequiredService<SolanaRpcClient>();
        var feePayer = services.GetRequiredService<FeePayer>().Key;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<SvmFacilitator>>();
        var limits = new ComputeBudgetLimits(o.MaxComputeUnits, MaxPriorityFeeLamports: o.MaxPriorityFeeLamports);
        var exact = new SvmFacilitator(rpc, feePayer, o.Network, new ExactSvmVerifier([feePayer.PublicKey], limits), time, logger);
        var escrow = Program(o) is { } program ? new SvmFacilitator(rpc, feePayer, o.Network, new EscrowSvmVerifier(program, [feePayer.PublicKey], limits), time, logger) : null;
        return new PaymentFacilitators(exact, escrow);
    }

    private static SolanaJobChain CreateJobChain(IServiceProvider services)
    {
        var o = Options(services);
        return new SolanaJobChain(services.GetRequiredService<SolanaRpcClient>(), Program(o), PublicKey.Parse(o.Mint), services.GetRequiredService<FeePayer>().Key,
            string.IsNullOrEmpty(o.PayToKeypair) ? null : Keypair.LoadSolanaKeygenFile(o.PayToKeypair), services.GetRequiredService<TimeProvider>());
    }

    private static GroundingWork? CreateGroundingWork(IServiceProvider services)
    {
        var o = Options(services);
        if (!Proves(o) || !o.IsWorker) return null;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Proving");
        var provers = new GroundingProvers();
        foreach (var circuit in GroundingFamily.Members.Where(m => Offered(o, m.Name)))
        {
            AddProver(provers, circuit, o, logger);
        }
        if (provers.Offers.Count == 0) throw Invalid("This worker proves no grounding circuit: Node:Circuits leaves them all out, or none has a proving key (Node:ZkeyPath, Node:Zkeys).");
        var rpc = services.GetRequiredService<SolanaRpcClient>();
        var program = Program(o)!;
        var mint = PublicKey.Parse(o.Mint);
        return new GroundingWork(provers, Keypair.LoadSolanaKeygenFile(o.WorkerKeypair!), program,
            new AttestationTransactions(rpc, program, mint), services.GetRequiredService<ILogger<GroundingWork>>(), o.ConcurrentProofs,
            services.GetRequiredService<IOptions<AdmissionOptions>>().Value.ProofTimeSamples);
    }

    private static bool Offered(NodeOptions o, string circuit) => o.Circuits.Length == 0 || o.Circuits.Contains(circuit, StringComparer.Ordinal);

    /// <summary>
    /// A member's prover: from its .zkey when one is configured; else, on the dev chain, under its development key,
    /// made when a job first needs it (seconds of CPU, ten for the full circuit, which a node whose jobs all fit a
    /// smaller member never pays). Off the dev chain a member without a .zkey is not proven here, except the full
    /// circuit, which a worker must prove.
    /// </summary>
    private static void AddProver(GroundingProvers provers, GroundingCircuit circuit, NodeOptions o, ILogger logger)
    {
        var wasm = circuit.WasmPath(o.CircuitFolder!);
        var zkey = o.Zkeys.GetValueOrDefault(circuit.Name) is { Length: > 0 } path ? path : circuit == GroundingFamily.Full && !string.IsNullOrEmpty(o.ZkeyPath) ? o.ZkeyPath : null;
        if (zkey is null && circuit != GroundingFamily.Full && o.Network != TrustedKeys.DevChainNetwork)
        {
            logger.LogInformation("Not proving {Circuit}: it has no proving key here (Node:Zkeys:{Circuit})", circuit.Name, circuit.Name);
            return;
        }
        if (!File.Exists(wasm)) throw Invalid($"Node:CircuitFolder has no {wasm}; build the circuits with circuits/build.sh.");
        if (zkey is not null)
        {
            logger.LogInformation("Loading the proving key of {Circuit}: {Path}", circuit.Name, zkey);
            var prover = new GroundingProver(File.ReadAllBytes(wasm), SnarkjsBinary.ReadZkey(File.ReadAllBytes(zkey)), circuit);
            var hash = provers.Add(prover);
            var pinned = TrustedKeys.Find(hash);
            if (pinned is { Forgeable: true }) RequireDevelopmentKeyAllowed(o);
            else if (pinned is null) logger.LogWarning("The proving key {Hash} of {Circuit} is not one this software pins; verifiers must be given its verification key (zks verify --trust-key)", hash, circuit.Name);
            return;
        }
        RequireDevelopmentKeyAllowed(o);
        logger.LogWarning("{Circuit} proves under its development key, made when a job first needs it: its secrets come from a public seed, so anyone can forge proofs under it. "
            + "Only the dev chain accepts it; set Node:Zkeys:{Circuit} to a ceremony's key", circuit.Name, circuit.Name);
        provers.AddDeferred(circuit, TrustedKeys.DevelopmentKeyOf(circuit).Hash, () => GroundingProver.WithDevelopmentKey(circuit, o.CircuitFolder!));
    }

    private static OptionsValidationException Invalid(string message) => new(NodeOptions.Section, typeof(NodeOptions), [message]);

    /// <summary>
    /// Which circuits this node quotes: those the program's config holds a key for, among Node:Circuits and, on a
    /// node with the worker role, among those its worker proves under that key.
    /// </summary>
    private static CircuitChoice CreateCircuitChoice(IServiceProvider services)
    {
        var o = Options(services);
        var work = services.GetService<GroundingWork>();
        return new CircuitChoice(services.GetRequiredService<IJobChain>(),
            offer => Offered(o, offer.Circuit) && (work is null || work.Provers.Proves(offer)), services.GetRequiredService<TimeProvider>());
    }

    /// <summary>Logs which circuits the node quotes, and each config key its worker cannot prove (so it is not quoted), at startup.</summary>
    public static async Task ReportCircuitsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var o = Options(services);
        if (!Proves(o) || !o.IsGateway) return;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Proving");
        var offers = await services.GetRequiredService<CircuitChoice>().AvailableAsync(cancellationToken);
        if (offers.Count == 0)
        {
            logger.LogWarning("No grounding circuit is quoted: the program's config holds no key this node proves (zks network init sets them; Node:Circuits, Node:Zkeys)");
            return;
        }
        logger.LogInformation("Quoting escrows under {Circuits}", string.Join(", ", offers.Select(c => $"{c.Circuit} (key {c.VerifyingKeyHash[..16]}…)")));
    }

    /// <summary>
    /// The chain behind Node:RpcUrl must be the one Node:Network names (its genesis hash), or a node could
    /// take the dev chain's leniency (the development key) onto another chain. Waits up to a minute for the
    /// chain to answer, as a container may start before its chain does.
    /// </summary>
    public static async Task CheckNetworkAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var o = Options(services);
        var rpc = services.GetRequiredService<SolanaRpcClient>();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                var genesis = await rpc.GetGenesisHashAsync(cancellationToken);
                var actual = $"solana:{genesis[..32]}";
                if (actual != o.Network)
                {
                    throw new OptionsValidationException(NodeOptions.Section, typeof(NodeOptions),
                        [$"Node:Network is {o.Network}, but the chain at {o.RpcUrl} is {actual} (genesis hash {genesis}). Point Node:RpcUrl at the network you named, or name the network it is."]);
                }
                return;
            }
            catch (Exception e) when (e is HttpRequestException or SolanaRpcException && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    /// <summary>The development key proves nothing (its seed is public): a node uses it only on our dev chain.</summary>
    private static void RequireDevelopmentKeyAllowed(NodeOptions o)
    {
        if (o.Network == TrustedKeys.DevChainNetwork) return;
        throw Invalid(
            $"The development proving key is accepted only on the ZkSummarize dev chain ({TrustedKeys.DevChainNetwork}); Node:Network is {o.Network}. "
            + "Anyone can forge proofs under it. Set Node:ZkeyPath to the project's ceremony key (circuits/ceremony/grounding_final.zkey) or your network's own (circuits/README.md).");
    }
}
