using System.Globalization;
using System.Text.Json.Nodes;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Tests;

/// <summary>
/// The paying client against the facilitator's own rules on the dev chain: what it signs for `exact` and
/// `escrow` passes verification and the simulation, and requirements it cannot pay are refused clearly.
/// </summary>
[Collection(EscrowChainCollection.Name)]
public sealed class SvmPaymentClientTests(EscrowChainFixture f)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const ulong Price = 250_000;

    private PaymentRequirements Exact(PublicKey payTo, string? memo = null) => new("exact", f.Network, Price.ToString(CultureInfo.InvariantCulture), f.Mint.ToString(), payTo.ToString(), 60,
        memo is null ? new JsonObject { ["feePayer"] = f.ProgramAdmin.PublicKey.ToString() } : new JsonObject { ["feePayer"] = f.ProgramAdmin.PublicKey.ToString(), ["memo"] = memo });

    private async Task<PaymentRequirements> EscrowAsync() => new("escrow", f.Network, Price.ToString(CultureInfo.InvariantCulture), f.Mint.ToString(), f.Program.ProgramId.ToString(), 600,
        new JsonObject
        {
            ["feePayer"] = f.ProgramAdmin.PublicKey.ToString(), ["programId"] = f.Program.ProgramId.ToString(),
            ["requestId"] = Convert.ToHexStringLower(FieldEncoding.NewRequestId()), ["docRoot"] = Convert.ToHexStringLower(FieldEncoding.NewRequestId()),
            ["deadline"] = await f.Admin.AdvanceTimeAsync(0, Ct) + 600, ["operator"] = f.Operator.PublicKey.ToString(), ["sentences"] = 3,
            ["verifyingKeyHash"] = Convert.ToHexStringLower(f.VerifyingKeyHash), ["circuit"] = "grounding",
        });

    [Fact]
    public async Task An_exact_payment_passes_the_facilitators_rules_and_simulation_and_carries_the_memo_and_payment_id()
    {
        var (client, _) = await f.NewWalletAsync(Price);
        var (payTo, _) = await f.NewWalletAsync(0);
        var facilitator = new SvmFacilitator(f.Rpc, f.ProgramAdmin, f.Network);

        var requirements = Exact(payTo.PublicKey);
        var payment = X402Headers.DecodePayment(await new SvmPaymentClient(f.Rpc, client).CreatePaymentHeaderAsync(requirements, "payment-id-0123456789", Ct));
        Assert.Equal(requirements with { Extra = null }, payment.Accepted with { Extra = null });
        Assert.Equal("payment-id-0123456789", PaymentIdentifier.Read(payment));
        Assert.False(payment.Extensions![PaymentIdentifier.Name]!["info"]!["required"]!.GetValue<bool>()); // the client's key, not a server's demand
        var verified = await facilitator.VerifyAsync(payment, requirements, Ct);
        Assert.True(verified.IsValid, verified.InvalidReason);
        Assert.Equal(client.PublicKey.ToString(), verified.Payer);
        var instructions = Transaction.FromBase64(payment.Payload["transaction"]!.GetValue<string>()).Message.DecompileInstructions();
        Assert.True(ComputeBudgetProgram.TryDecodeComputeUnitLimit(instructions[0], out var units) && units == 20_000);
        Assert.True(ComputeBudgetProgram.TryDecodeComputeUnitPrice(instructions[1], out var price) && price == 1);
        Assert.Equal(32, instructions[3].Data.Length); // a random 16-byte memo, hex, keeps two payments of one price apart

        // A memo the server asks for is the one sent (the rules check it).
        var withMemo = Exact(payTo.PublicKey, memo: "order 42");
        var memoPayment = X402Headers.DecodePayment(await new SvmPaymentClient(f.Rpc, client).CreatePaymentHeaderAsync(withMemo, cancellationToken: Ct));
        Assert.True((await facilitator.VerifyAsync(memoPayment, withMemo, Ct)).IsValid);
        Assert.Null(memoPayment.Extensions);
    }

    [Fact]
    public async Task An_escrow_payment_passes_the_escrow_rules_and_simulation()
    {
        var (client, _) = await f.NewWalletAsync(Price);
        var requirements = await EscrowAsync();
        var facilitator = new SvmFacilitator(f.Rpc, f.ProgramAdmin, f.Network, new EscrowSvmVerifier(f.Program, [f.ProgramAdmin.PublicKey]));
        var payment = X402Headers.DecodePayment(await new SvmPaymentClient(f.Rpc, client).CreatePaymentHeaderAsync(requirements, cancellationToken: Ct));
        var verified = await facilitator.VerifyAsync(payment, requirements, Ct);
        Assert.True(verified.IsValid, verified.InvalidReason);
        var instructions = Transaction.FromBase64(payment.Payload["transaction"]!.GetValue<string>()).Message.DecompileInstructions();
        Assert.True(ComputeBudgetProgram.TryDecodeComputeUnitLimit(instructions[0], out var units) && units == 100_000);
        Assert.True(f.Program.TryDecodeOpenEscrow(instructions[3], out var open));
        Assert.Equal((Price, 3, f.Operator.PublicKey), (open.Amount, open.Sentences, open.Operator));
        Assert.Equal(f.VerifyingKeyHash, open.VerifyingKeyHash);
    }

    /// <summary>
    /// The escrow is opened under the key the node quoted (its circuit's), which must be a current key of the program:
    /// a quote naming a key the config does not hold, or no key in hex, is refused before anything is signed, and a
    /// quote from a node that names none opens under slot 0, the full circuit's.
    /// </summary>
    [Fact]
    public async Task The_escrow_is_opened_under_the_quoted_key_only_if_it_is_current()
    {
        var (client, _) = await f.NewWalletAsync(Price);
        var pay = new SvmPaymentClient(f.Rpc, client);
        var escrow = await EscrowAsync();
        async Task<byte[]> OpenedUnder(JsonObject extra)
        {
            var payment = X402Headers.DecodePayment(await pay.CreatePaymentHeaderAsync(escrow with { Extra = extra }, cancellationToken: Ct));
            Assert.True(f.Program.TryDecodeOpenEscrow(Transaction.FromBase64(payment.Payload["transaction"]!.GetValue<string>()).Message.DecompileInstructions()[3], out var open));
            return open.VerifyingKeyHash;
        }
        JsonObject With(string? keyHash)
        {
            var extra = (JsonObject)escrow.Extra!.DeepClone();
            if (keyHash is null) extra.Remove("verifyingKeyHash");
            else extra["verifyingKeyHash"] = keyHash;
            return extra;
        }

        Assert.Equal(f.VerifyingKeyHash, await OpenedUnder(With(null)));
        var stranger = Convert.ToHexStringLower(EscrowProgram.VerifyingKeyHash(new byte[EscrowProgram.VerifyingKeyLength]));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => OpenedUnder(With(stranger)));
        Assert.Contains($"The node quoted verifying key {stranger}, which is not one of the escrow program's current keys", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not a 32-byte hex SHA-256", (await Assert.ThrowsAsync<ArgumentException>(() => OpenedUnder(With("zz")))).Message, StringComparison.Ordinal);
        Assert.Contains("not a 32-byte hex SHA-256", (await Assert.ThrowsAsync<ArgumentException>(() => OpenedUnder(With("00ff")))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requirements_it_cannot_pay_are_refused_with_what_is_missing()
    {
        var pay = new SvmPaymentClient(f.Rpc, Keypair.Generate());
        var exact = Exact(Keypair.Generate().PublicKey);
        async Task<string> Refusal(PaymentRequirements r) => (await Assert.ThrowsAsync<ArgumentException>(() => pay.CreatePaymentHeaderAsync(r, cancellationToken: Ct))).Message;

        Assert.Contains("not 'upto'", await Refusal(exact with { Scheme = "upto" }), StringComparison.Ordinal);
        Assert.Contains("no extra.feePayer", await Refusal(exact with { Extra = null }), StringComparison.Ordinal);
        Assert.Contains("no feePayer", await Refusal(exact with { Extra = new JsonObject { ["feePayer"] = 5 } }), StringComparison.Ordinal);
        Assert.Contains("does not exist", await Refusal(exact with { Asset = Keypair.Generate().PublicKey.ToString() }), StringComparison.Ordinal);
        var escrow = await EscrowAsync();
        var noDeadline = (JsonObject)escrow.Extra!.DeepClone();
        noDeadline["deadline"] = "soon";
        Assert.Contains("no number deadline", await Refusal(escrow with { Extra = noDeadline }), StringComparison.Ordinal);
        var noRequest = (JsonObject)escrow.Extra!.DeepClone();
        noRequest.Remove("requestId");
        Assert.Contains("no requestId", await Refusal(escrow with { Extra = noRequest }), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => pay.CreatePaymentHeaderAsync(null!, cancellationToken: Ct));
    }
}
