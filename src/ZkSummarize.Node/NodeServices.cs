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
        var wasm = Path.Combine(o.CircuitFolder!, "grounding_js", "grounding.wasm");
        if (!File.Exists(wasm)) throw new OptionsValidationException(NodeOptions.Section, typeof(NodeOptions), [$"Node:CircuitFolder has no {wasm}; build the circuit with circuits/build.sh."]);
        ProvingKey key;
        if (!string.IsNullOrEmpty(o.ZkeyPath))
        {
            logger.LogInformation("Loading the proving key {Path}", o.ZkeyPath);
            key = SnarkjsBinary.ReadZkey(File.ReadAllBytes(o.ZkeyPath));
        }
        else
        {
            RequireDevelopmentKeyAllowed(o);
            logger.LogWarning("Making the grounding circuit's development key: its secrets come from a public seed, so anyone can forge proofs under it. Only the dev chain accepts it; set Node:ZkeyPath for a ceremony's key");
            key = DevelopmentSetup.Create(R1cs.Read(File.ReadAllBytes(Path.Combine(o.CircuitFolder!, "grounding.r1cs"))), GroundingProver.DevelopmentSeed);
        }
        var hash = Receipt.Hash(SolanaEncoding.EncodeVerifyingKey(key.VerifyingKey));
        if (TrustedKeys.Find(hash) is { Forgeable: true }) RequireDevelopmentKeyAllowed(o);
        else if (TrustedKeys.Find(hash) is null) logger.LogWarning("The proving key {Hash} is not one this software pins; verifiers must be given its verification key (zks verify --trust-key)", hash);
        var rpc = services.GetRequiredService<SolanaRpcClient>();
        var program = Program(o)!;
        var mint = PublicKey.Parse(o.Mint);
        return new GroundingWork(new GroundingProver(File.ReadAllBytes(wasm), key), Keypair.LoadSolanaKeygenFile(o.WorkerKeypair!), program,
            new AttestationTransactions(rpc, program, mint), services.GetRequiredService<ILogger<GroundingWork>>(), o.ConcurrentProofs,
            services.GetRequiredService<IOptions<AdmissionOptions>>().Value.ProofTimeSamples);
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
        throw new OptionsValidationException(NodeOptions.Section, typeof(NodeOptions),
        [
            $"The development proving key is accepted only on the ZkSummarize dev chain ({TrustedKeys.DevChainNetwork}); Node:Network is {o.Network}. "
            + "Anyone can forge proofs under it. Set Node:ZkeyPath to the project's ceremony key (circuits/ceremony/grounding_final.zkey) or your network's own (circuits/README.md).",
        ]);
    }
}
