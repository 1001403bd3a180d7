using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Testing;

/// <summary>Turns an <see cref="IntegrationAttribute"/> into its category traits (xunit finds this class by name).</summary>
public sealed class IntegrationTraitDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        ArgumentNullException.ThrowIfNull(traitAttribute);
        yield return new(TestCategory.Trait, TestCategory.Integration);
        foreach (var kind in traitAttribute.GetNamedArgument<IReadOnlyList<string>>(nameof(IntegrationAttribute.Kinds)))
            yield return new(TestCategory.Trait, kind);
    }
}
