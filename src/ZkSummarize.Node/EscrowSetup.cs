using Microsoft.Extensions.Options;
using ZkSummarize.Core.Proving;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Crypto.Snarkjs;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Node;

/// <summary>Builds the escrow scheme's services from the options (registered only when a program id is configured).</summary>
public static class EscrowSetup
{
    public static EscrowServices Create(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<NodeOptions>>().Value;
        if (string.IsNullOrEmpty(o.ProgramId) || string.IsNullOrEmpty(o.WorkerKeypair) || string.IsNullOrEmpty(o.CircuitFolder))
        {
            throw new OptionsValidationException(NodeOptions.Section, typeof(NodeOptions), ["Node:ProgramId is set, so Node:WorkerKeypair and Node:CircuitFolder are needed too."]);
        }
        var rpc = services.GetRequiredService<SolanaRpcClient>();
        var program = new EscrowProgram(PublicKey.Parse(o.ProgramId));
        var feePayer = Keypair.LoadSolanaKeygenFile(o.FeePayerKeypair);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Escrow");
        logger.LogInformation("Making the grounding circuit's development key (seeded; for development only)");
        var r1cs = R1cs.Read(File.ReadAllBytes(Path.Combine(o.CircuitFolder, "grounding.r1cs")));
        var prover = new GroundingProver(File.ReadAllBytes(Path.Combine(o.CircuitFolder, "grounding_js", "grounding.wasm")), DevelopmentSetup.Create(r1cs, GroundingProver.DevelopmentSeed));
        var facilitator = new SvmFacilitator(rpc, feePayer, o.Network, new EscrowSvmVerifier(program, [feePayer.PublicKey]),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SvmFacilitator>>());
        var worker = new EscrowWorker(rpc, program, Keypair.LoadSolanaKeygenFile(o.WorkerKeypair), prover, services.GetRequiredService<ILogger<EscrowWorker>>());
        return new EscrowServices(facilitator, worker, new QuoteBook(services.GetRequiredService<TimeProvider>()), o.ProgramId);
    }
}
