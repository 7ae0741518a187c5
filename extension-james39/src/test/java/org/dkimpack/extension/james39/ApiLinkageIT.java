package org.dkimpack.extension.james39;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.FieldRefEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Every class, field, method and constructor that the jar's own code (the engine and the
 * James side, not the relocated libraries) names outside the jar exists, with the same
 * descriptor, on the class path of this test: James 3.9.0's mailet API, mailet base, metrics
 * API, jakarta.mail and the JDK the tests run on. A class compiled against James 3.8 that
 * calls a method James 3.9 changed would fail here, not at the first mail in production.
 */
class ApiLinkageIT {
    private static final String OWN_CODE = "org/dkimpack/";
    private static final String RELOCATED = "org/dkimpack/shaded/";

    @Test
    void everyReferenceOutOfTheJarShouldResolveOnJames39() {
        Linkage linkage = Linkage.of(JarContents.james39());

        assertThat(linkage.problems).isEmpty();
        assertThat(linkage.checked).contains(
                "org/apache/mailet/Mail.getMessage:()Ljakarta/mail/internet/MimeMessage;",
                "org/apache/mailet/base/GenericMailet.getInitParameter:"
                        + "(Ljava/lang/String;)Ljava/lang/String;",
                "org/apache/james/metrics/api/MetricFactory.timer:"
                        + "(Ljava/lang/String;)Lorg/apache/james/metrics/api/TimeMetric;");
    }

    @Test
    void classPathShouldHoldNoJames38Artifact() {
        // Surefire and Failsafe start the JVM through a manifest-only jar and say here what
        // its manifest holds.
        String classPath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        List<String> jamesJars = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> entry.contains("/org/apache/james/"))
                .collect(Collectors.toList());

        // The parent pom pins James 3.8.1 artifacts, transitive ones included; this module's
        // dependencyManagement must override each of them.
        assertThat(jamesJars).anyMatch(entry -> entry.endsWith("/apache-mailet-api-3.9.0.jar"))
                .noneMatch(entry -> entry.matches(".*/3\\.8\\.[^/]*/[^/]*\\.jar"));
    }

    @Test
    void theJames38JarShouldNotResolveOnJames39() {
        Linkage linkage = Linkage.of(JarContents.james38());

        assertThat(linkage.problems).anyMatch(problem -> problem.contains(
                "javax/mail/internet/MimeMessage"));
    }

    /** The references of a jar's own classes, each looked up once. */
    private static final class Linkage {
        private final Set<String> inJar = new HashSet<>();
        private final Set<String> checked = new TreeSet<>();
        private final Set<String> problems = new TreeSet<>();
        private final ClassLoader james = ApiLinkageIT.class.getClassLoader();

        static Linkage of(JarContents jar) {
            Linkage linkage = new Linkage();
            Map<String, ClassModel> classes = jar.classes();
            classes.values().forEach(model -> linkage.inJar.add(
                    model.thisClass().asInternalName()));
            classes.values().stream()
                    .filter(model -> {
                        String name = model.thisClass().asInternalName();
                        return name.startsWith(OWN_CODE) && !name.startsWith(RELOCATED);
                    })
                    .forEach(linkage::check);
            return linkage;
        }

        private void check(ClassModel model) {
            String from = model.thisClass().asInternalName();
            for (PoolEntry entry : model.constantPool()) {
                if (entry instanceof MemberRefEntry member) {
                    checkMember(from, member);
                } else if (entry instanceof ClassEntry type) {
                    checkClass(from, type.asSymbol());
                }
            }
            for (FieldModel field : model.fields()) {
                checkClass(from, field.fieldTypeSymbol());
            }
            for (MethodModel method : model.methods()) {
                checkDescriptor(from, method.methodTypeSymbol());
            }
        }

        private void checkDescriptor(String from, MethodTypeDesc descriptor) {
            checkClass(from, descriptor.returnType());
            descriptor.parameterList().forEach(parameter -> checkClass(from, parameter));
        }

        private Optional<Class<?>> checkClass(String from, ClassDesc type) {
            ClassDesc element = type;
            while (element.isArray()) {
                element = element.componentType();
            }
            if (element.isPrimitive()) {
                return Optional.empty();
            }
            String internal = element.descriptorString();
            internal = internal.substring(1, internal.length() - 1);
            if (inJar.contains(internal)) {
                return Optional.empty();
            }
            if (internal.startsWith(OWN_CODE)) {
                problems.add(from + " names " + internal + ", which the jar lacks");
                return Optional.empty();
            }
            try {
                Class<?> found = Class.forName(internal.replace('/', '.'), false, james);
                checked.add(internal);
                return Optional.of(found);
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(from + " names " + internal + ": " + e);
                return Optional.empty();
            }
        }

        private void checkMember(String from, MemberRefEntry member) {
            ClassDesc ownerType = member.owner().asSymbol();
            String owner = member.owner().asInternalName();
            if (ownerType.isArray() || inJar.contains(owner) || isSignaturePolymorphic(owner)) {
                return;
            }
            String name = member.name().stringValue();
            String descriptor = member.type().stringValue();
            String reference = owner + "." + name + ":" + descriptor;
            Optional<Class<?>> type = checkClass(from, ownerType);
            if (type.isEmpty()) {
                return;
            }
            boolean found = member instanceof FieldRefEntry
                    ? hasField(type.get(), name, descriptor)
                    : hasMethod(type.get(), name, descriptor);
            if (found) {
                checked.add(reference);
            } else {
                problems.add(from + " calls " + reference + ", which James 3.9 lacks");
            }
        }

        /** MethodHandle and VarHandle methods take any descriptor at a call site. */
        private static boolean isSignaturePolymorphic(String owner) {
            return owner.equals("java/lang/invoke/MethodHandle")
                    || owner.equals("java/lang/invoke/VarHandle");
        }

        private static boolean hasField(Class<?> type, String name, String descriptor) {
            for (Class<?> each : hierarchy(type)) {
                for (Field field : each.getDeclaredFields()) {
                    if (field.getName().equals(name)
                            && field.getType().descriptorString().equals(descriptor)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean hasMethod(Class<?> type, String name, String descriptor) {
            if (name.equals("<init>")) {
                for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                    if (MethodType.methodType(void.class, constructor.getParameterTypes())
                            .descriptorString().equals(descriptor)) {
                        return true;
                    }
                }
                return false;
            }
            for (Class<?> each : hierarchy(type)) {
                for (Method method : each.getDeclaredMethods()) {
                    if (method.getName().equals(name) && MethodType.methodType(
                            method.getReturnType(), method.getParameterTypes())
                            .descriptorString().equals(descriptor)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** A class, its superclasses and every interface they implement. */
        private static Set<Class<?>> hierarchy(Class<?> type) {
            Set<Class<?>> all = new HashSet<>();
            Deque<Class<?>> pending = new ArrayDeque<>();
            pending.add(type);
            pending.add(Object.class);
            while (!pending.isEmpty()) {
                Class<?> next = pending.poll();
                if (all.add(next)) {
                    if (next.getSuperclass() != null) {
                        pending.add(next.getSuperclass());
                    }
                    pending.addAll(List.of(next.getInterfaces()));
                }
            }
            return all;
        }
    }
}
