using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using static ZkSummarize.Cli.ConsoleSteps;

namespace ZkSummarize.Cli;

/// <summary>A dev chain made ready to sell summaries: the program, the mint, the operator and the funded keys, saved in a folder.</summary>
internal sealed record ChainSetup(string KeysFolder, EscrowProgram Program, PublicKey Mint, Keypair Client, PublicKey ClientUsdc, PublicKey TreasuryOwner,
    PublicKey TreasuryUsdc, PublicKey Operator, IReadOnlyList<(PublicKey Key, PublicKey Usdc)> Workers) : IDisposable
{
    /// <summary>The operator's key: escrows name it, and only workers it registered may attest them.</summary>
    public string OperatorFile => Path.Combine(KeysFolder, "operator.json");

    /// <summary>The program's upgrade authority and config admin (it also issued the USDC-like mint).</summary>
    public string AdminFile => Path.Combine(KeysFolder, "admin.json");

    public string FeePayerFile => Path.Combine(KeysFolder, "fee-payer.json");

    public string ClientFile => Path.Combine(KeysFolder, "client.json");

    /// <summary>The treasury's key, which receives `exact` payments: with it the gateway pays workers their share.</summary>
    public string PayToFile => Path.Combine(KeysFolder, "pay-to.json");

    public string WorkerFile(int index) => Path.Combine(KeysFolder, $"worker-{index + 1}.json");

    /// <summary>The file of the settings every node shares (section Node), for ZKS_NODE_SETTINGS.</summary>
    public string SettingsFile => Path.Combine(KeysFolder, "node-settings.json");

    public void Dispose() => Client.Dispose();
}

/// <summary>
/// Prepares a chain for ZkSummarize with standard transactions only (no dev_* method, so it works with them
/// switched off; the one exception is devnet USDC at its real address, which only dev_setAccount can write):
/// deploys the escrow program built from source through the upgradeable loader (its upgrade authority alone may
/// initialise it), creates a USDC-like mint, funds a client, the workers, a treasury, the operator and the fee payer, configures the program,
/// registers the workers under the operator, and writes the keys and the nodes' shared settings to a folder. Used by
/// `zks demo`, `zks bench`, `zks cluster up` and, in containers, `zks cluster bootstrap`.
/// </summary>
internal static class ChainBootstrap
{
    public const byte UsdcDecimals = 6;
    public const ulong Price = 250_000; // 0.25 USDC
    public const ushort FeeBasisPoints = 500;

    /// <summary>The project's ceremony proving key (circuits/README.md): what local networks prove with, so their receipts verify like any other's.</summary>
    public static string CeremonyZkey(string root) => Path.Combine(root, "circuits", "ceremony", GroundingFamily.Full.CeremonyZkeyFile);

    /// <summary>The node settings that make a worker prove every grounding circuit with a ceremony under its ceremony key (Node:Zkeys).</summary>
    public static IEnumerable<(string Name, string Value)> CeremonyZkeySettings(string root) =>
        TrustedKeys.CeremonyKeys.Select(k => ($"Zkeys:{k.Circuit!.Name}", Path.Combine(root, "circuits", "ceremony", k.Circuit.CeremonyZkeyFile)));

    /// <param name="devnetUsdc">
    /// Write the mint at devnet USDC's address (the chain must answer devnet's genesis hash), so that stock
    /// x402 clients, which pay only with the known USDC of a known network, accept the node's terms.
    /// Otherwise a new USDC-like mint.
    /// </param>
    public static async Task<ChainSetup> RunAsync(Uri rpcUrl, string root, string keysFolder, int workers, ulong clientUsdc, CancellationToken ct, bool devnetUsdc = false)
    {
        var programFile = Path.Combine(root, "src", "onchain", "build", "zksummarize_escrow.so");
        if (!File.Exists(programFile)) throw new InvalidOperationException("The program is not built. Run scripts/demo.sh, which builds it (src/onchain/build.sh).");
        var rpc = SolanaRpcClient.Create(rpcUrl);
        if (devnetUsdc) await RequireDevnetAsync(rpc, ct); // before anything is deployed or funded
        var tokens = new TokenClient(rpc);
        Directory.CreateDirectory(keysFolder);
        using var programKey = Keypair.Generate();
        var program = new EscrowProgram(programKey.PublicKey);
        using var issuer = Keypair.Generate();
        using var mint = Keypair.Generate();
        using var treasuryOwner = Keypair.Generate();
        using var feePayer = Keypair.Generate();
        using var operatorKey = Keypair.Generate();
        var client = Keypair.Generate();
        var workerKeys = Enumerable.Range(0, workers).Select(_ => Keypair.Generate()).ToArray();
        try
        {
            var programBytes = await File.ReadAllBytesAsync(programFile, ct);
            await Step($"Funding the issuer, client, treasury, operator, fee payer and {workers} worker(s) with SOL for fees", async () =>
            {
                foreach (var wallet in new[] { issuer, client, treasuryOwner, operatorKey, feePayer }.Concat(workerKeys))
                {
                    await rpc.ConfirmTransactionAsync(await rpc.RequestAirdropAsync(wallet.PublicKey, wallet == issuer ? 5_000_000_000UL : 2_000_000_000UL, ct), cancellationToken: ct);
                }
            });
            await Step($"Deploying the escrow program built from source with the upgradeable loader ({programBytes.Length:N0} bytes, sha256 {Receipt.Hash(programBytes)[..16]}…)", async () =>
            {
                using var buffer = Keypair.Generate();
                await new ProgramDeployer(rpc).DeployAsync(issuer, programKey, buffer, issuer, programBytes, (ulong)programBytes.Length * 2, cancellationToken: ct);
            });
            var mintAddress = devnetUsdc
                ? await Step($"Writing devnet USDC's mint at its address {DevChainOptions.DevnetUsdcMint} ({UsdcDecimals} decimals; on this dev chain the issuer mints it)",
                    () => WriteDevnetUsdcAsync(rpc, new DevChainAdmin(new HttpClient(), rpcUrl), issuer.PublicKey, ct))
                : await Step($"Creating a USDC-like mint ({UsdcDecimals} decimals)", async () =>
                {
                    await tokens.CreateMintAsync(issuer, mint, UsdcDecimals, issuer.PublicKey, ct);
                    return mint.PublicKey;
                });
            var clientUsdcAccount = await tokens.CreateAssociatedTokenAccountAsync(issuer, client.PublicKey, mintAddress, ct);
            var treasuryUsdc = await tokens.CreateAssociatedTokenAccountAsync(issuer, treasuryOwner.PublicKey, mintAddress, ct);
            var workerAccounts = new List<(PublicKey, PublicKey)>();
            foreach (var worker in workerKeys) workerAccounts.Add((worker.PublicKey, await tokens.CreateAssociatedTokenAccountAsync(issuer, worker.PublicKey, mintAddress, ct)));
            await Step($"Minting {Usdc.Format(clientUsdc)} USDC to the client", () => tokens.MintToAsync(issuer, mintAddress, clientUsdcAccount, issuer, clientUsdc, ct));

            var verifyingKey = SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(await File.ReadAllTextAsync(Path.Combine(root, "circuits", "verification_key.json"), ct)));
            await Step($"Configuring the program: mint, treasury, {FeeBasisPoints / 100.0:0.#}% fee, the ceremony's verifying keys (the full circuit's sha256 {Receipt.Hash(verifyingKey)[..16]}…, and the smaller circuits')", async () =>
            {
                await rpc.SendAsync([program.InitializeConfig(issuer.PublicKey, mintAddress, treasuryUsdc, FeeBasisPoints)], [issuer], ct);
                await rpc.SendAsync([program.SetVerifyingKey(issuer.PublicKey, verifyingKey)], [issuer], ct);
                // The smaller grounding circuits under their own ceremony keys (a member without one under its development key: this is the dev chain).
                foreach (var circuit in GroundingFamily.Members.Where(m => m != GroundingFamily.Full))
                {
                    var key = TrustedKeys.DefaultKeyOf(circuit, devChain: true)!;
                    await rpc.SendAsync([program.SetVerifyingKey(issuer.PublicKey, key.Key, circuit.KeySlot)], [issuer], ct);
                }
            });
            await Step($"Registering {workers} worker(s) under the operator {operatorKey.PublicKey}", async () =>
            {
                foreach (var worker in workerKeys) await rpc.SendAsync([program.RegisterWorker(operatorKey.PublicKey, worker.PublicKey)], [operatorKey], ct);
            });

            var setup = new ChainSetup(Path.GetFullPath(keysFolder), program, mintAddress, client, clientUsdcAccount, treasuryOwner.PublicKey, treasuryUsdc, operatorKey.PublicKey, workerAccounts);
            feePayer.SaveSolanaKeygenFile(setup.FeePayerFile);
            operatorKey.SaveSolanaKeygenFile(setup.OperatorFile);
            issuer.SaveSolanaKeygenFile(setup.AdminFile);
            client.SaveSolanaKeygenFile(setup.ClientFile);
            treasuryOwner.SaveSolanaKeygenFile(setup.PayToFile);
            for (var i = 0; i < workers; i++) workerKeys[i].SaveSolanaKeygenFile(setup.WorkerFile(i));
            var genesis = await rpc.GetGenesisHashAsync(ct);
            var settings = new JsonObject
            {
                ["Node"] = new JsonObject
                {
                    ["Network"] = $"solana:{genesis[..32]}", ["ProgramId"] = program.ProgramId.ToString(), ["Mint"] = mintAddress.ToString(),
                    ["PayTo"] = treasuryOwner.PublicKey.ToString(), ["Price"] = Price.ToString(CultureInfo.InvariantCulture), ["FeePayerKeypair"] = setup.FeePayerFile,
                    ["PayToKeypair"] = setup.PayToFile, ["Operator"] = operatorKey.PublicKey.ToString(),
                },
            };
            await File.WriteAllTextAsync(setup.SettingsFile, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
            return setup;
        }
        catch
        {
            client.Dispose();
            throw;
        }
        finally
        {
            foreach (var worker in workerKeys) worker.Dispose();
        }
    }

    /// <summary>Devnet USDC goes only on a chain that answers devnet's genesis hash: anywhere else its address would not mean devnet USDC.</summary>
    private static async Task RequireDevnetAsync(SolanaRpcClient rpc, CancellationToken ct)
    {
        var genesis = await rpc.GetGenesisHashAsync(ct);
        if (genesis != DevChainOptions.DevnetGenesisHash)
        {
            throw new InvalidOperationException($"The chain's genesis hash is {genesis}, not devnet's: start it posing as devnet (zks devchain --as-devnet) to put devnet USDC on it.");
        }
    }

    /// <summary>Writes an initialised 6-decimal mint at devnet USDC's address with dev_setAccount.</summary>
    private static async Task<PublicKey> WriteDevnetUsdcAsync(SolanaRpcClient rpc, DevChainAdmin admin, PublicKey mintAuthority, CancellationToken ct)
    {
        var rent = await rpc.GetMinimumBalanceForRentExemptionAsync(TokenProgram.MintSize, ct);
        var mint = new MintAccount(mintAuthority, Supply: 0, UsdcDecimals, IsInitialized: true, FreezeAuthority: null);
        await admin.SetAccountAsync(DevChainOptions.DevnetUsdcMint, rent, mint.Encode(), TokenProgram.ProgramId.ToString(), cancellationToken: ct);
        return PublicKey.Parse(DevChainOptions.DevnetUsdcMint);
    }
}
