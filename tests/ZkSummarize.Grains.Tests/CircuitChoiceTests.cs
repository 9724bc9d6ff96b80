using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Grains.Sales;

namespace ZkSummarize.Grains.Tests;

/// <summary>Which grounding circuit a job is quoted and proven with: the smallest the network's config holds a key for, that this node proves, and that fits.</summary>
public sealed class CircuitChoiceTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string KeyOf(GroundingCircuit circuit) => TrustedKeys.DevelopmentKeyOf(circuit).Hash;

    private static FakeChain EveryMember()
    {
        var chain = new FakeChain();
        chain.KeySlots.Clear();
        chain.KeySlots.AddRange([KeyOf(GroundingFamily.Full), KeyOf(GroundingFamily.News), KeyOf(GroundingFamily.Long), null]);
        return chain;
    }

    [Theory]
    [InlineData(20, 2, "grounding_d6k4")]
    [InlineData(64, 4, "grounding_d6k4")]    // both limits of the smallest
    [InlineData(65, 2, "grounding_d10k8")]   // one sentence past its depth
    [InlineData(20, 5, "grounding_d10k8")]   // one summary sentence past its slots
    [InlineData(1024, 8, "grounding_d10k8")]
    [InlineData(1025, 2, "grounding")]
    [InlineData(20, 9, "grounding")]
    [InlineData(4096, 16, "grounding")]
    public async Task The_smallest_member_that_fits_is_chosen_with_the_key_the_config_holds(int documentSentences, int summarySentences, string expected)
    {
        var choice = new CircuitChoice(EveryMember(), _ => true, TimeProvider.System);
        var chosen = await choice.ChooseAsync(documentSentences, summarySentences, Ct);
        Assert.Equal(expected, chosen.Circuit);
        Assert.Equal(KeyOf(chosen.Member()), chosen.VerifyingKeyHash);
    }

    [Fact]
    public async Task Only_members_with_a_key_in_the_config_and_proven_here_are_offered()
    {
        var fullOnly = new CircuitChoice(new FakeChain(), _ => true, TimeProvider.System); // slot 0 only: as before the family
        Assert.Equal(GroundingFamily.Full.Name, (await fullOnly.ChooseAsync(20, 2, Ct)).Circuit);

        var notNews = new CircuitChoice(EveryMember(), o => o.Circuit != GroundingFamily.News.Name, TimeProvider.System); // Node:Circuits, or no proving key here
        Assert.Equal(GroundingFamily.Long.Name, (await notNews.ChooseAsync(20, 2, Ct)).Circuit);

        var newsOnly = new CircuitChoice(EveryMember(), o => o.Circuit == GroundingFamily.News.Name, TimeProvider.System);
        var tooLong = await Assert.ThrowsAsync<GroundingException>(() => newsOnly.ChooseAsync(65, 2, Ct));
        Assert.Contains("No available grounding circuit proves a summary of 2 sentences of a document of 65 sentences", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("grounding_d6k4 (depth 6: up to 64 sentences, 4 summary sentences)", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_development_key_is_not_offered_where_a_sound_key_is()
    {
        var chain = EveryMember();
        chain.KeySlots[0] = TrustedKeys.Ceremony.Hash; // the full circuit's ceremony key, the smaller ones' development keys (a local network)
        var choice = new CircuitChoice(chain, _ => true, TimeProvider.System);
        Assert.Equal([GroundingFamily.Full.Name], (await choice.AvailableAsync(Ct)).Select(o => o.Circuit));
        Assert.Equal(TrustedKeys.Ceremony.Hash, (await choice.ChooseAsync(20, 2, Ct)).VerifyingKeyHash);

        chain.KeySlots[1] = new string('7', 64); // a key this software does not pin (a network's own ceremony) counts as sound
        Assert.Equal([GroundingFamily.News.Name, GroundingFamily.Full.Name], (await new CircuitChoice(chain, _ => true, TimeProvider.System).AvailableAsync(Ct)).Select(o => o.Circuit));
    }

    [Fact]
    public async Task The_config_is_read_again_after_the_refresh_interval_and_an_unset_network_at_once()
    {
        var chain = new FakeChain();
        chain.KeySlots.Clear();
        var clock = new ManualClock();
        var choice = new CircuitChoice(chain, _ => true, clock);
        var none = await Assert.ThrowsAsync<GroundingException>(() => choice.ChooseAsync(20, 2, Ct));
        Assert.Contains("zks network init", none.Message, StringComparison.Ordinal);

        chain.KeySlots.Add(KeyOf(GroundingFamily.Full)); // the admin sets the network up: offered at once, nothing was kept
        Assert.Equal(GroundingFamily.Full.Name, (await choice.ChooseAsync(20, 2, Ct)).Circuit);

        chain.KeySlots.Add(KeyOf(GroundingFamily.News)); // a new member's key: offered once the cached config is stale
        clock.Now += CircuitChoice.RefreshInterval - TimeSpan.FromSeconds(1);
        Assert.Equal(GroundingFamily.Full.Name, (await choice.ChooseAsync(20, 2, Ct)).Circuit);
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal(GroundingFamily.News.Name, (await choice.ChooseAsync(20, 2, Ct)).Circuit);
    }
}
