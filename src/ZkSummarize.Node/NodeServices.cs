using Microsoft.Extensions.Options;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Grains.Sales;
using ZkSummarize.Grains.Workers;
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
            return new SaleTerms(o.Network, o.Price, o.Mint, o.PayTo, string.IsNullOrEmpty(o.ProgramId) ? null : o.ProgramId, o.EscrowSeconds)
            {
                QuoteValidity = TimeSpan.FromSeconds(o.QuoteSeconds),
            };
        });
        services.AddSingleton(sp => new FeePayer(Keypair.LoadSolanaKeygenFile(Options(sp).FeePayerKeypair)));
        services.AddSingleton(CreateFacilitators);
        services.AddSingleton<PaymentOffers>();
        services.AddSingleton(CreateWorkerPayouts);
        services.AddSingleton<PaidSummaries>();
        services.AddSingleton(sp => CreateGroundingWork(sp)!);
        return services;
    }

    /// <summary>True when the node proves and attests (escrow), which needs the program, a worker key and the circuit.</summary>
    public static bool Proves(NodeOptions options) => !string.IsNullOrEmpty(options?.ProgramId);

    private static NodeOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<NodeOptions>>().Value;

    private static PaymentFacilitators CreateFacilitators(IServiceProvider services)
    {
        var o = Options(services);
        var rpc = services.GetRequiredService<SolanaRpcClient>();
        var feePayer = services.GetRequiredService<FeePayer>().Key;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<SvmFacilitator>>();
        var exact = new SvmFacilitator(rpc, feePayer, o.Network, time: time, logger: logger);
        var escrow = Proves(o)
            ? new SvmFacilitator(rpc, feePayer, o.Network, new EscrowSvmVerifier(new EscrowProgram(PublicKey.Parse(o.ProgramId!)), [feePayer.PublicKey]), time, logger)
            : null;
        return new PaymentFacilitators(exact, escrow);
    }

    private static WorkerPayouts CreateWorkerPayouts(IServiceProvider services)
    {
        var o = Options(services);
        return new WorkerPayouts(services.GetRequiredService<SolanaRpcClient>(), services.GetRequiredService<FeePayer>().Key,
            string.IsNullOrEmpty(o.PayToKeypair) ? null : Keypair.LoadSolanaKeygenFile(o.PayToKeypair), PublicKey.Parse(o.Mint),
            Proves(o) ? new EscrowProgram(PublicKey.Parse(o.ProgramId!)) : null);
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
            logger.LogInformation("Making the grounding circuit's development key (seeded and public: for development only; set Node:ZkeyPath for a ceremony's key)");
            key = DevelopmentSetup.Create(R1cs.Read(File.ReadAllBytes(Path.Combine(o.CircuitFolder!, "grounding.r1cs"))), GroundingProver.DevelopmentSeed);
        }
        return new GroundingWork(new GroundingProver(File.ReadAllBytes(wasm), key), Keypair.LoadSolanaKeygenFile(o.WorkerKeypair!),
            new EscrowProgram(PublicKey.Parse(o.ProgramId!)), PublicKey.Parse(o.Mint), services.GetRequiredService<SolanaRpcClient>(), o.ConcurrentProofs);
    }
}
