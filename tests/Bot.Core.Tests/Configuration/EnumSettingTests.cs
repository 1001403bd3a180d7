using Bot.Core.Configuration;
using Bot.Core.DependencyInjection;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Configuration;

public sealed class EnumSettingTests
{
    private static IConfiguration Config(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:Index:Provider"] = value }).Build();

    [Theory]
    [InlineData(null)]
    [InlineData("sqlite")]
    [InlineData(" sqlite ")]
    [InlineData("Postgres")]
    [InlineData("1")]
    public void Unset_values_and_member_names_in_any_case_are_accepted(string? value) =>
        Assert.Null(EnumSetting.GetError<IndexProvider>(Config(value), "Bot:Index:Provider"));

    [Theory]
    [InlineData("mongo")]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("sqlite,postgres")]
    public void Other_values_name_the_key_the_value_and_the_allowed_values(string value) =>
        Assert.Equal($"Bot:Index:Provider has an unknown value '{value}'; allowed values: sqlite, postgres.",
            EnumSetting.GetError<IndexProvider>(Config(value), "Bot:Index:Provider"));

    [Fact]
    public void Resolving_the_options_reports_the_bad_value_as_a_validation_error_not_a_binder_exception()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:Index:Provider"] = "mongo",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddIndexStore(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IndexOptions>>().Value);
        Assert.Equal(["Bot:Index:Provider has an unknown value 'mongo'; allowed values: sqlite, postgres."], e.Failures);
    }

    [Fact]
    public void Registering_index_embedding_with_an_unknown_provider_fails_with_the_allowed_values()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:Embeddings:Provider"] = "word2vec",
        }).Build();

        var e = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddIndexEmbedding(configuration));
        Assert.Contains("allowed values: none, onnx, openai.", e.Message, StringComparison.Ordinal);
    }
}
