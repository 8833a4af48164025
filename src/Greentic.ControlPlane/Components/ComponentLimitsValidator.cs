using Greentic.ComponentHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Components;

/// <summary><c>Greentic:Components:Limits</c> (what one component call may use): every limit must be positive.</summary>
internal sealed class ComponentLimitsValidator : IValidateOptions<ComponentLimits>
{
    public const string SectionName = ComponentsServiceCollectionExtensions.SectionName + ":Limits";

    public ValidateOptionsResult Validate(string? name, ComponentLimits o)
    {
        var errors = new List<string>();
        void Positive(string setting, double value)
        {
            if (value <= 0) errors.Add($"{SectionName}:{setting} must be positive (it is {value})");
        }
        Positive(nameof(o.MemoryBytes), o.MemoryBytes);
        Positive(nameof(o.TableElements), o.TableElements);
        Positive(nameof(o.Instances), o.Instances);
        Positive(nameof(o.Tables), o.Tables);
        Positive(nameof(o.Memories), o.Memories);
        Positive(nameof(o.MaxInputBytes), o.MaxInputBytes);
        Positive(nameof(o.MaxOutputBytes), o.MaxOutputBytes);
        Positive(nameof(o.Fuel), o.Fuel);
        Positive(nameof(o.DefaultTimeout), o.DefaultTimeout.TotalMilliseconds);
        Positive(nameof(o.MaxGuestOutputBytes), o.MaxGuestOutputBytes);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
