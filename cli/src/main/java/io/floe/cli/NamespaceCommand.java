package io.floe.cli;

import io.floe.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe ns}: list, create and drop namespaces, show and change their properties. */
@Command(
    name = "ns",
    aliases = "namespace",
    description = "List, create and drop namespaces; show and change their properties.",
    synopsisSubcommandLabel = "COMMAND",
    footerHeading = "%nExamples:%n",
    footer = {
      "  floe ns list",
      "  floe ns create analytics -p owner=bi",
      "  floe ns props analytics"
    },
    subcommands = {
      NamespaceCommand.ListNs.class,
      NamespaceCommand.Create.class,
      NamespaceCommand.Drop.class,
      NamespaceCommand.Props.class
    })
public final class NamespaceCommand {
  private NamespaceCommand() {}

  /** {@code floe ns list [PARENT]}. */
  @Command(
      name = "list",
      aliases = "ls",
      description = "List namespaces (all of them, nested ones included, or those inside PARENT).",
      footerHeading = "%nExamples:%n",
      footer = {"  floe ns list", "  floe ns list analytics --output json"})
  static final class ListNs extends FloeCommand {
    @Parameters(arity = "0..1", paramLabel = "PARENT", description = "List only inside it")
    String parent;

    @Override
    protected void run() {
      List<String> all = new ArrayList<>();
      if (parent == null) {
        floe().namespaces().forEach(ns -> walk(ns, all));
      } else {
        if (!floe().namespaceExists(parent)) {
          throw NamespaceCommand.notFound(parent);
        }
        floe().namespaces(parent).forEach(ns -> walk(ns, all));
      }
      Tabular rows = Tabular.of("namespace");
      all.stream().sorted().forEach(rows::add);
      print(rows);
    }

    private void walk(String ns, List<String> into) {
      into.add(ns);
      floe().namespaces(ns).forEach(child -> walk(child, into));
    }
  }

  /** {@code floe ns create NS [-p KEY=VALUE]...}. */
  @Command(
      name = "create",
      description = "Create a namespace.",
      footerHeading = "%nExamples:%n",
      footer = {"  floe ns create analytics", "  floe ns create analytics -p owner=data-team"})
  static final class Create extends FloeCommand {
    @Parameters(paramLabel = "NS", description = "The namespace (dotted when nested)")
    String namespace;

    @Option(
        names = {"-p", "--property"},
        paramLabel = "KEY=VALUE",
        description = "A namespace property (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    protected void run() {
      if (properties.isEmpty()) {
        floe().createNamespace(namespace);
      } else {
        floe().createNamespace(namespace, new LinkedHashMap<>(properties));
      }
      note("Created namespace " + namespace);
    }
  }

  /** {@code floe ns drop NS}. */
  @Command(
      name = "drop",
      description = "Drop an empty namespace.",
      footerHeading = "%nExamples:%n",
      footer = "  floe ns drop scratch")
  static final class Drop extends FloeCommand {
    @Parameters(paramLabel = "NS", description = "The namespace")
    String namespace;

    @Override
    protected void run() {
      if (!floe().dropNamespace(namespace)) {
        throw notFound(namespace);
      }
      note("Dropped namespace " + namespace);
    }
  }

  /** {@code floe ns props NS [--set KEY=VALUE]... [--unset KEY]...}. */
  @Command(
      name = "props",
      aliases = "properties",
      description = "Show a namespace's properties, after setting and removing the given ones.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe ns props analytics",
        "  floe ns props analytics --set owner=bi --unset tmp"
      })
  static final class Props extends FloeCommand {
    @Parameters(paramLabel = "NS", description = "The namespace")
    String namespace;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a property")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a property")
    List<String> unset = new ArrayList<>();

    @Override
    protected void run() {
      if (!floe().namespaceExists(namespace)) {
        throw notFound(namespace);
      }
      if (!set.isEmpty() || !unset.isEmpty()) {
        floe().updateNamespaceProperties(namespace, new LinkedHashMap<>(set), Set.copyOf(unset));
      }
      Tabular rows = Tabular.of("key", "value");
      new TreeMap<>(floe().namespaceProperties(namespace)).forEach(rows::add);
      print(rows);
    }
  }

  static NotFoundException notFound(String namespace) {
    return new NotFoundException(
        "Namespace " + namespace + " does not exist: list namespaces with 'floe ns list'", null);
  }
}
