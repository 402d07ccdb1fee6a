using System.Collections.Immutable;
using Lockstep.Language.Syntax.Ast;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax;

public sealed partial class Parser
{
    private void ParseExternalDeclaration(ImmutableArray<SyntaxNode>.Builder members)
    {
        if (Is("asm") || Is("__asm__") || Is("__asm"))
            throw Error(Current, "inline assembly is not supported; model the effect in C or with a Lockstep primitive");
        if (Is("_Static_assert") || Is("static_assert")) { members.Add(ParseStaticAssert()); return; }
        var start = Current;
        if (!StartsType(start) && start.Kind == TokenKind.Identifier && (IsAt(1, "(")))
        {
            // f(void) { ... } without a return type.
            throw Error(start, "type specifier missing, defaults to 'int'; ISO C99 and later do not support implicit int");
        }
        var specs = ParseDeclSpecifiers(requireType: true);
        if (Accept(";"))
        {
            members.Add(new DeclarationSyntax(start.Location, specs, []));
            return;
        }
        var declarators = ImmutableArray.CreateBuilder<DeclaratorSyntax>();
        var first = true;
        while (true)
        {
            var type = ParseDeclarator(new SpecifiedType(specs.Location, specs), out var nameTok, allowAbstract: false);
            SkipAttributes();
            var name = nameTok!.Text;
            if (first && type is FunctionTypeSyntax fn && Is("{"))
            {
                if ((specs.Storage & StorageClass.Typedef) != 0) throw Error(Current, "function definition declared 'typedef'");
                DeclareName(name, false);
                members.Add(ParseFunctionBody(specs, nameTok, fn));
                return;
            }
            if (first && type is FunctionTypeSyntax && StartsType(Current) && !Is("__attribute__"))
                throw Error(Current, "K&R-style function definitions are not supported; declare the parameter types in the parameter list, e.g. 'int f(int a, int b)'");
            InitializerSyntax? init = null;
            if (Accept("=")) init = ParseInitializer();
            DeclareName(name, (specs.Storage & StorageClass.Typedef) != 0);
            declarators.Add(new DeclaratorSyntax(nameTok.Location, name, type, init));
            first = false;
            if (Accept(",")) continue;
            ExpectSemicolonMessage("expected ';' after top level declarator");
            break;
        }
        members.Add(new DeclarationSyntax(start.Location, specs, declarators.ToImmutable()));
    }

    private StaticAssertSyntax ParseStaticAssert()
    {
        var kw = Next();
        Expect("(");
        var condition = ParseConditional();
        string? message = null;
        if (Accept(","))
        {
            var s = ParsePrimary();
            message = (s as StringLiteralExpression)?.Value;
        }
        Expect(")");
        Accept(";");
        return new StaticAssertSyntax(kw.Location, condition, message);
    }

    private FunctionDefinitionSyntax ParseFunctionBody(DeclSpecifiers specs, Token name, FunctionTypeSyntax type)
    {
        PushScope();
        foreach (var p in type.Parameters)
            if (p.Name is not null) DeclareName(p.Name, false);
        var body = ParseBlock();
        PopScope();
        return new FunctionDefinitionSyntax(name.Location, specs, name.Text, type, body);
    }

    /// <summary>Storage class, qualifiers and exactly one base type.</summary>
    private DeclSpecifiers ParseDeclSpecifiers(bool requireType)
    {
        var start = Current;
        var storage = StorageClass.None;
        bool isConst = false, isVolatile = false;
        TypeSpecifierSyntax? type = null;
        var words = ImmutableArray.CreateBuilder<string>();
        Token? wordsStart = null;
        while (true)
        {
            var t = Current;
            if (t.Kind != TokenKind.Identifier) break;
            var s = t.Text;
            if (s is "__attribute__" or "__attribute") { SkipAttributes(); continue; }
            if (s == "_Alignas") { Next(); SkipBalancedParens(); continue; }
            if (StorageWords.Contains(s))
            {
                Next();
                storage |= s switch
                {
                    "typedef" => StorageClass.Typedef,
                    "extern" => StorageClass.Extern,
                    "static" => StorageClass.Static,
                    "register" => StorageClass.Register,
                    "auto" => StorageClass.Auto,
                    "_Thread_local" or "__thread" => StorageClass.ThreadLocal,
                    "__extension__" => StorageClass.None,
                    _ => StorageClass.Inline,
                };
                continue;
            }
            if (QualifierWords.Contains(s))
            {
                if (s == "_Atomic") throw Error(t, "'_Atomic' is not supported; use atomic_t with the atomic_*() primitives");
                Next();
                if (s is "const" or "__const" or "__const__") isConst = true;
                if (s is "volatile" or "__volatile__") isVolatile = true;
                continue;
            }
            if (BuiltinTypeWords.Contains(s))
            {
                if (type is StructSpecifier { Fields: not null } or EnumSpecifier { Enumerators: not null })
                    throw ErrorAfterPrevious($"expected ';' after {(type is EnumSpecifier ? "enum" : ((StructSpecifier)type).IsUnion ? "union" : "struct")}");
                if (type is not null) throw Error(t, $"cannot combine '{s}' with a previous type specifier");
                wordsStart ??= t;
                words.Add(s);
                Next();
                continue;
            }
            if (type is not null || words.Count > 0) break;
            if (s is "struct" or "union") { type = ParseStructSpecifier(); continue; }
            if (s == "enum") { type = ParseEnumSpecifier(); continue; }
            if (s is "typeof" or "__typeof__" or "__typeof") { type = ParseTypeof(); continue; }
            if (IsTypedefName(s))
            {
                // "T x" where T is a typedef; but "T" alone after a type would be the declarator.
                Next();
                type = new NamedTypeSpecifier(t.Location, s);
                continue;
            }
            break;
        }
        if (words.Count > 0) type = new BuiltinTypeSpecifier(wordsStart!.Location, words.ToImmutable());
        if (type is null)
        {
            if (requireType || storage != StorageClass.None || isConst || isVolatile)
            {
                if (Current.Kind == TokenKind.Identifier && !Keywords.Contains(Current.Text) && (storage != StorageClass.None || isConst || isVolatile))
                    throw Error(Current, "type specifier missing, defaults to 'int'; ISO C99 and later do not support implicit int");
                if (Current.Kind == TokenKind.Identifier && !Keywords.Contains(Current.Text))
                    throw Error(Current, $"unknown type name '{Current.Text}'");
                throw Error(Current, $"expected a type{Describe(Current)}");
            }
            type = new BuiltinTypeSpecifier(start.Location, ["int"]);
        }
        return new DeclSpecifiers(start.Location, storage, isConst, isVolatile, type);
    }

    private TypeSpecifierSyntax ParseTypeof()
    {
        var kw = Next();
        Expect("(");
        TypeSpecifierSyntax result;
        if (StartsType(Current)) result = new TypeofSpecifier(kw.Location, null, ParseTypeName());
        else result = new TypeofSpecifier(kw.Location, ParseExpression(), null);
        Expect(")");
        return result;
    }

    private StructSpecifier ParseStructSpecifier()
    {
        var kw = Next();
        var isUnion = kw.Text == "union";
        SkipAttributes();
        string? tag = null;
        if (Current.Kind == TokenKind.Identifier && !Keywords.Contains(Current.Text)) tag = Next().Text;
        if (!Is("{"))
        {
            if (tag is null) throw Error(Current, $"declaration of anonymous {kw.Text} must be a definition");
            return new StructSpecifier(kw.Location, isUnion, tag, null);
        }
        Next();
        var fields = ImmutableArray.CreateBuilder<FieldSyntax>();
        while (!Is("}"))
        {
            if (AtEnd) throw Error(kw, $"expected '}}' to end {kw.Text} definition");
            if (Accept(";")) continue;
            if (Is("_Static_assert")) { ParseStaticAssert(); continue; }
            var specs = ParseDeclSpecifiers(requireType: true);
            if (Is(";"))
            {
                // Anonymous struct/union member.
                if (specs.Type is StructSpecifier { Fields: not null })
                    fields.Add(new FieldSyntax(specs.Location, null, new SpecifiedType(specs.Location, specs), null));
                Next();
                continue;
            }
            while (true)
            {
                TypeSyntax type;
                Token? name = null;
                if (Is(":")) type = new SpecifiedType(specs.Location, specs);
                else type = ParseDeclarator(new SpecifiedType(specs.Location, specs), out name, allowAbstract: false);
                ExpressionSyntax? width = null;
                var at = name?.Location ?? Current.Location;
                if (Accept(":")) width = ParseConditional();
                SkipAttributes();
                fields.Add(new FieldSyntax(at, name?.Text, type, width));
                if (Accept(",")) continue;
                ExpectSemicolonMessage("expected ';' at end of declaration list");
                break;
            }
        }
        Next();
        SkipAttributes();
        return new StructSpecifier(kw.Location, isUnion, tag, fields.ToImmutable());
    }

    private EnumSpecifier ParseEnumSpecifier()
    {
        var kw = Next();
        SkipAttributes();
        string? tag = null;
        if (Current.Kind == TokenKind.Identifier && !Keywords.Contains(Current.Text)) tag = Next().Text;
        if (Accept(":")) ParseDeclSpecifiers(requireType: true); // C23 fixed underlying type: accepted, enums are int
        if (!Is("{"))
        {
            if (tag is null) throw Error(Current, "declaration of anonymous enum must be a definition");
            return new EnumSpecifier(kw.Location, tag, null);
        }
        Next();
        var items = ImmutableArray.CreateBuilder<EnumeratorSyntax>();
        while (!Is("}"))
        {
            var name = Next();
            if (name.Kind != TokenKind.Identifier || Keywords.Contains(name.Text)) throw Error(name, $"expected identifier{Describe(name)}");
            ExpressionSyntax? value = null;
            if (Accept("=")) value = ParseConditional();
            DeclareName(name.Text, false);
            items.Add(new EnumeratorSyntax(name.Location, name.Text, value));
            if (!Accept(",")) break;
        }
        Expect("}");
        return new EnumSpecifier(kw.Location, tag, items.ToImmutable());
    }

    /// <summary>A type name as in casts and sizeof: specifiers plus an abstract declarator.</summary>
    private TypeSyntax ParseTypeName()
    {
        var specs = ParseDeclSpecifiers(requireType: true);
        return ParseDeclarator(new SpecifiedType(specs.Location, specs), out _, allowAbstract: true);
    }

    /// <summary>
    /// Parses a (possibly abstract) declarator around <paramref name="baseType"/>: pointers, a parenthesised inner
    /// declarator, the name, then array and function suffixes (which bind tighter than the pointers before them).
    /// </summary>
    private TypeSyntax ParseDeclarator(TypeSyntax baseType, out Token? name, bool allowAbstract)
    {
        Enter(Current);
        try
        {
            var type = baseType;
            while (Is("*"))
            {
                var star = Next();
                var isConst = false;
                while (Current.Kind == TokenKind.Identifier && (QualifierWords.Contains(Current.Text) || Current.Text is "__attribute__"))
                {
                    if (Current.Text == "__attribute__") { SkipAttributes(); continue; }
                    if (Current.Text is "const" or "__const") isConst = true;
                    Next();
                }
                type = new PointerTypeSyntax(star.Location, type, isConst);
            }
            SkipAttributes();
            if (Is("(") && (IsAt(1, "*") || IsAt(1, "(") || IsAt(1, "^")
                || (PeekAt(1).Kind == TokenKind.Identifier && !StartsType(PeekAt(1)) && !allowAbstract)))
            {
                // Nested declarator: parse the suffixes that follow the parentheses first.
                var open = Next();
                var innerStart = _pos;
                var depth = 1;
                while (depth > 0)
                {
                    if (AtEnd) throw Error(open, "expected ')' to match this '('");
                    var t = Next();
                    if (t.IsPunct("(")) depth++;
                    else if (t.IsPunct(")")) depth--;
                }
                var outer = ParseSuffixes(type);
                var end = _pos;
                _pos = innerStart;
                var inner = ParseDeclarator(outer, out name, allowAbstract);
                Expect(")");
                _pos = end;
                return inner;
            }
            name = null;
            if (Current.Kind == TokenKind.Identifier && !Keywords.Contains(Current.Text))
                name = Next();
            else if (!allowAbstract)
                throw Error(Current, $"expected identifier or '('{Describe(Current)}");
            return ParseSuffixes(type);
        }
        finally { Leave(); }
    }

    private TypeSyntax ParseSuffixes(TypeSyntax type)
    {
        if (Is("["))
        {
            var open = Next();
            while (Current.Kind == TokenKind.Identifier && (QualifierWords.Contains(Current.Text) || Current.Text == "static")) Next();
            ExpressionSyntax? size = null;
            if (Is("*") && IsAt(1, "]")) throw Error(Current, "variable-length arrays are not supported; use a fixed-size array");
            if (!Is("]")) size = ParseAssignment();
            Expect("]");
            var element = ParseSuffixes(type);
            return new ArrayTypeSyntax(open.Location, element, size);
        }
        if (Is("("))
        {
            var open = Next();
            var parameters = ImmutableArray.CreateBuilder<ParameterSyntax>();
            var variadic = false;
            var hasPrototype = true;
            if (Is(")")) { hasPrototype = false; }
            else if (Is("void") && IsAt(1, ")")) { Next(); }
            else
            {
                while (true)
                {
                    if (Accept("...")) { variadic = true; break; }
                    if (Current.Kind == TokenKind.Identifier && !StartsType(Current) && (IsAt(1, ",") || IsAt(1, ")")))
                        throw Error(Current, "K&R-style function definitions are not supported; declare the parameter types in the parameter list, e.g. 'int f(int a, int b)'");
                    var specs = ParseDeclSpecifiers(requireType: true);
                    var ptype = ParseDeclarator(new SpecifiedType(specs.Location, specs), out var pname, allowAbstract: true);
                    SkipAttributes();
                    parameters.Add(new ParameterSyntax(pname?.Location ?? specs.Location, pname?.Text, ptype));
                    if (!Accept(",")) break;
                }
            }
            Expect(")");
            return new FunctionTypeSyntax(open.Location, type, parameters.ToImmutable(), variadic, hasPrototype);
        }
        return type;
    }

    private InitializerSyntax ParseInitializer()
    {
        if (!Is("{")) return new ExpressionInitializer(Current.Location, ParseAssignment());
        var open = Next();
        Enter(open);
        var items = ImmutableArray.CreateBuilder<InitializerItem>();
        while (!Is("}"))
        {
            if (AtEnd) throw Error(open, "expected '}' to end the initializer list");
            var at = Current.Location;
            var designators = ImmutableArray.CreateBuilder<DesignatorSyntax>();
            if (Current.Kind == TokenKind.Identifier && IsAt(1, ":") && !StartsType(Current))
            {
                // Old GNU "field: value".
                var n = Next();
                Next();
                designators.Add(new DesignatorSyntax(n.Location, n.Text, null));
            }
            else
            {
                while (Is(".") || Is("["))
                {
                    if (Accept("."))
                    {
                        var n = Next();
                        if (n.Kind != TokenKind.Identifier) throw Error(n, "expected a field designator, such as '.field = 4'");
                        designators.Add(new DesignatorSyntax(n.Location, n.Text, null));
                    }
                    else
                    {
                        var b = Next();
                        var index = ParseConditional();
                        if (Is("...")) throw Error(Current, "GNU array range designators are not supported; list the elements");
                        Expect("]");
                        designators.Add(new DesignatorSyntax(b.Location, null, index));
                    }
                }
                if (designators.Count > 0) Expect("=");
            }
            var value = ParseInitializer();
            items.Add(new InitializerItem(at, designators.ToImmutable(), value));
            if (!Accept(",")) break;
        }
        Expect("}");
        Leave();
        return new InitializerList(open.Location, items.ToImmutable());
    }

    /// <summary>A declaration inside a function body (after its specifiers are known to start here).</summary>
    private DeclarationSyntax ParseLocalDeclaration()
    {
        var start = Current;
        var specs = ParseDeclSpecifiers(requireType: true);
        var declarators = ImmutableArray.CreateBuilder<DeclaratorSyntax>();
        if (!Is(";"))
        {
            while (true)
            {
                var type = ParseDeclarator(new SpecifiedType(specs.Location, specs), out var nameTok, allowAbstract: false);
                SkipAttributes();
                if (type is FunctionTypeSyntax && Is("{"))
                    throw Error(Current, "function definitions inside a function are not allowed");
                InitializerSyntax? init = null;
                if (Accept("=")) init = ParseInitializer();
                DeclareName(nameTok!.Text, (specs.Storage & StorageClass.Typedef) != 0);
                declarators.Add(new DeclaratorSyntax(nameTok.Location, nameTok.Text, type, init));
                if (!Accept(",")) break;
            }
        }
        ExpectSemicolonMessage("expected ';' at end of declaration");
        return new DeclarationSyntax(start.Location, specs, declarators.ToImmutable());
    }
}
