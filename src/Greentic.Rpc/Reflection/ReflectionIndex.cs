using Google.Protobuf.Reflection;

namespace Greentic.Rpc.Reflection;

/// <summary>
/// What reflection can answer, built once from the mapped services: their names, and every file (with its
/// transitive imports) and symbol reachable from their descriptors.
/// </summary>
internal sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FieldDescriptor>> _extensionsByType = new(StringComparer.Ordinal);

    public ReflectionIndex(IReadOnlyList<MappedRpcService> services)
    {
        var names = new List<string>();
        foreach (var service in services)
        {
            if (!names.Contains(service.Name)) names.Add(service.Name);
            if (service.Descriptor is { } descriptor) AddFile(descriptor.File);
        }
        ServiceNames = names;
    }

    public IReadOnlyList<string> ServiceNames { get; }

    public FileDescriptor? FindFile(string name) => _files.GetValueOrDefault(name);

    public FileDescriptor? FindFileContainingSymbol(string symbol) => _symbols.GetValueOrDefault(symbol.TrimStart('.'));

    public FieldDescriptor? FindExtension(string containingType, int number)
    {
        if (!_extensionsByType.TryGetValue(containingType.TrimStart('.'), out var list)) return null;
        foreach (var extension in list)
            if (extension.FieldNumber == number) return extension;
        return null;
    }

    public IReadOnlyList<FieldDescriptor>? FindExtensions(string containingType) =>
        _symbols.ContainsKey(containingType.TrimStart('.'))
            ? _extensionsByType.GetValueOrDefault(containingType.TrimStart('.')) ?? new List<FieldDescriptor>()
            : null;

    private void AddFile(FileDescriptor file)
    {
        if (!_files.TryAdd(file.Name, file)) return;
        foreach (var dependency in file.Dependencies) AddFile(dependency);
        foreach (var message in file.MessageTypes) AddMessage(file, message);
        foreach (var enumType in file.EnumTypes) _symbols.TryAdd(enumType.FullName, file);
        foreach (var extension in file.Extensions.UnorderedExtensions) AddExtension(file, extension);
        foreach (var service in file.Services)
        {
            _symbols.TryAdd(service.FullName, file);
            foreach (var method in service.Methods) _symbols.TryAdd(method.FullName, file);
        }
    }

    private void AddMessage(FileDescriptor file, MessageDescriptor message)
    {
        _symbols.TryAdd(message.FullName, file);
        foreach (var field in message.Fields.InDeclarationOrder()) _symbols.TryAdd(field.FullName, file);
        foreach (var nested in message.NestedTypes) AddMessage(file, nested);
        foreach (var enumType in message.EnumTypes) _symbols.TryAdd(enumType.FullName, file);
        foreach (var extension in message.Extensions.UnorderedExtensions) AddExtension(file, extension);
    }

    private void AddExtension(FileDescriptor file, FieldDescriptor extension)
    {
        _symbols.TryAdd(extension.FullName, file);
        var extendee = extension.ExtendeeType?.FullName;
        if (extendee is null) return;
        if (!_extensionsByType.TryGetValue(extendee, out var list)) _extensionsByType[extendee] = list = new();
        list.Add(extension);
    }
}
