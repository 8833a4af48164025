namespace System.Runtime.CompilerServices;

/// <summary>Recognised by the runtime: lets the generated (dynamic) assemblies use this assembly's internal
/// runtime types directly, without making them public.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    public string AssemblyName { get; }
}
