using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli.Receipts;

/// <summary>The chain half of verifying a receipt: the attestation account and the program's verifying key.</summary>
internal static class OnChainReceiptCheck
{
    public static async Task<IReadOnlyList<string>> CheckAsync(Receipt receipt, SolanaRpcClient rpc, CancellationToken ct)
    {
        var problems = new List<string>();
        var program = new EscrowProgram(PublicKey.Parse(receipt.ProgramId));
        var requestId = Convert.FromHexString(receipt.RequestId);
        var attestationAddress = program.FindAttestation(requestId).Address;
        if (attestationAddress.ToString() != receipt.Attestation) problems.Add("the receipt's attestation address is not the program's PDA for this request");
        var account = await rpc.GetAccountInfoAsync(attestationAddress, cancellationToken: ct);
        if (account is null || account.Owner != program.ProgramId)
        {
            problems.Add($"there is no attestation account for this request at {attestationAddress}");
            return problems;
        }
        var attestation = EscrowProgram.DecodeAttestation(account.Data);
        if (!attestation.DocRoot.SequenceEqual(Convert.FromHexString(receipt.DocRoot))) problems.Add("the attestation's docRoot differs from the receipt's");
        if (!attestation.SummaryHash.SequenceEqual(Convert.FromHexString(receipt.SummaryHash))) problems.Add("the attestation's summaryHash differs from the receipt's");
        if (attestation.Worker.ToString() != receipt.Worker || !attestation.Worker.ToBytes().SequenceEqual(Convert.FromHexString(receipt.WorkerKey))) problems.Add("the attestation names another worker");
        var config = await rpc.GetAccountInfoAsync(program.FindConfig().Address, cancellationToken: ct);
        if (config is null || Receipt.Hash(EscrowProgram.DecodeConfig(config.Data).VerifyingKey) != receipt.VerifyingKeyHash)
        {
            problems.Add("the program's verifying key is not the one the receipt was checked with");
        }
        return problems;
    }
}
