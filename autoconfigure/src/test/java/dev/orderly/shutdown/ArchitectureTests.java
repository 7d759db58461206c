package dev.orderly.shutdown;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API is what the project decided it is, and the implementation behind it keeps
 * its layering. Adding a public type, or a dependency across the layers, is a conscious
 * change of this test.
 */
class ArchitectureTests {

	private static final String INTERNAL = "dev.orderly.shutdown.internal..";

	/** Every public top-level type outside {@code dev.orderly.shutdown.internal}. */
	private static final Set<String> PUBLIC_API = Set.of(
			// what the application uses
			"dev.orderly.shutdown.OnShutdown", "dev.orderly.shutdown.OrderlyShutdown",
			"dev.orderly.shutdown.ShutdownConfigurationException", "dev.orderly.shutdown.ShutdownContext",
			"dev.orderly.shutdown.ShutdownOutcome", "dev.orderly.shutdown.ShutdownTask",
			"dev.orderly.shutdown.ShutdownTaskRegistration", "dev.orderly.shutdown.ShutdownTrigger",
			// what a shutdown did
			"dev.orderly.shutdown.report.ShutdownListener", "dev.orderly.shutdown.report.ShutdownReport",
			"dev.orderly.shutdown.report.StageReport", "dev.orderly.shutdown.report.TaskReport",
			// web applications: long-lived responses, and the helpers of each web stack
			"dev.orderly.shutdown.web.LongLivedResponses",
			"dev.orderly.shutdown.web.servlet.ServletLongLivedResponses",
			"dev.orderly.shutdown.web.reactive.ReactiveLongLivedResponses",
			"dev.orderly.shutdown.web.reactive.LongLivedWebSocketSessions",
			// observations: documentation, contexts and the conventions users replace
			"dev.orderly.shutdown.observation.ShutdownObservationDocumentation",
			"dev.orderly.shutdown.observation.ShutdownObservationContext",
			"dev.orderly.shutdown.observation.ShutdownStageObservationContext",
			"dev.orderly.shutdown.observation.ShutdownTaskObservationContext",
			"dev.orderly.shutdown.observation.ShutdownObservationConvention",
			"dev.orderly.shutdown.observation.ShutdownStageObservationConvention",
			"dev.orderly.shutdown.observation.ShutdownTaskObservationConvention",
			"dev.orderly.shutdown.observation.DefaultShutdownObservationConvention",
			"dev.orderly.shutdown.observation.DefaultShutdownStageObservationConvention",
			"dev.orderly.shutdown.observation.DefaultShutdownTaskObservationConvention",
			// auto-configuration and its properties
			"dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration",
			"dev.orderly.shutdown.autoconfigure.OrderlyShutdownEndpointAutoConfiguration",
			"dev.orderly.shutdown.autoconfigure.OrderlyShutdownMetricsAutoConfiguration",
			"dev.orderly.shutdown.autoconfigure.OrderlyShutdownObservationAutoConfiguration",
			"dev.orderly.shutdown.autoconfigure.OrderlyShutdownReportFileAutoConfiguration",
			"dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties");

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.orderly.shutdown");

	@Test
	void thePublicTypesOutsideTheInternalPackagesAreExactlyThePublicApi() {
		Set<String> publicTypes = new TreeSet<>();
		for (JavaClass type : classes) {
			if (type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC)
					&& !resideInAPackage(INTERNAL).test(type)) {
				publicTypes.add(type.getName());
			}
		}
		assertThat(publicTypes).containsExactlyInAnyOrderElementsOf(PUBLIC_API);
	}

	@Test
	void thePublicApiExposesNoInternalTypeInItsSignatures() {
		List<String> exposed = classes.stream()
			.filter((type) -> type.getModifiers().contains(JavaModifier.PUBLIC))
			.filter((type) -> !resideInAPackage(INTERNAL).test(type))
			.flatMap(ArchitectureTests::internalTypesInSignatures)
			.toList();
		assertThat(exposed).isEmpty();
	}

	@Test
	void thePublicApiDependsOnNoInternalType() {
		noClasses().that()
			.resideOutsideOfPackages(INTERNAL, "dev.orderly.shutdown.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(INTERNAL)
			.check(classes);
	}

	@Test
	void theEngineDependsOnNeitherTheWebNorTheActuatorNorTheAutoConfiguration() {
		noClasses().that()
			.resideInAPackage("dev.orderly.shutdown.internal.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.orderly.shutdown.internal.drain..", "dev.orderly.shutdown.web..",
					"dev.orderly.shutdown.internal.actuate..", "dev.orderly.shutdown.autoconfigure..")
			.check(classes);
	}

	@Test
	void theDrainAndTheWebStageReachTheEngineOnlyThroughTheStageRecorder() {
		DescribedPredicate<JavaClass> engineBeyondTheRecorder = resideInAPackage("dev.orderly.shutdown.internal.engine..")
			.and(DescribedPredicate.not(belongToAnyOf(
					dev.orderly.shutdown.internal.engine.StageRecorder.class,
					dev.orderly.shutdown.internal.engine.StageRecording.class)))
			.as("the engine beyond StageRecorder and the StageRecording it hands out");
		noClasses().that()
			.resideInAPackage("dev.orderly.shutdown.internal.drain..")
			.should()
			.dependOnClassesThat(engineBeyondTheRecorder)
			.check(classes);
	}

	@Test
	void nothingButTheAutoConfigurationDependsOnTheAutoConfiguration() {
		noClasses().that()
			.resideOutsideOfPackage("dev.orderly.shutdown.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.orderly.shutdown.autoconfigure..")
			.check(classes);
	}

	/**
	 * The root package and {@code report} form one slice: the report names the outcome and
	 * trigger, and {@link OrderlyShutdown} hands out reports, by design.
	 */
	@Test
	void thePackagesHaveNoCycles() {
		slices().assignedFrom(new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass type) {
				String area = type.getPackageName().replaceFirst("^dev\\.orderly\\.shutdown\\.?", "");
				return SliceIdentifier.of(area.isEmpty() || area.equals("report") ? "api" : area);
			}

			@Override
			public String getDescription() {
				return "the packages of dev.orderly.shutdown, the root and report as one";
			}

		}).should().beFreeOfCycles().check(classes);
	}

	/** The internal types a public API type shows to the code that uses or extends it. */
	private static Stream<String> internalTypesInSignatures(JavaClass type) {
		Stream<String> supertypes = Stream
			.concat(type.getSuperclass().stream(), type.getInterfaces().stream())
			.flatMap((supertype) -> internal(type.getName(), supertype));
		Stream<String> fields = type.getFields()
			.stream()
			.filter(ArchitectureTests::visibleToUsers)
			.flatMap((field) -> internal(field.getFullName(), field.getType()));
		Stream<String> codeUnits = type.getCodeUnits()
			.stream()
			.filter(ArchitectureTests::visibleToUsers)
			.flatMap((unit) -> Stream
				.concat(Stream.concat(Stream.of(unit.getReturnType()), unit.getParameterTypes().stream()),
						unit.getExceptionTypes().stream())
				.flatMap((signatureType) -> internal(unit.getFullName(), signatureType)));
		return Stream.of(supertypes, fields, codeUnits).flatMap((stream) -> stream);
	}

	private static boolean visibleToUsers(JavaField field) {
		return field.getModifiers().contains(JavaModifier.PUBLIC)
				|| field.getModifiers().contains(JavaModifier.PROTECTED);
	}

	private static boolean visibleToUsers(JavaCodeUnit unit) {
		return unit.getModifiers().contains(JavaModifier.PUBLIC) || unit.getModifiers().contains(JavaModifier.PROTECTED);
	}

	private static Stream<String> internal(String member, JavaType signatureType) {
		return signatureType.getAllInvolvedRawTypes()
			.stream()
			.filter(resideInAPackage(INTERNAL))
			.map((internalType) -> member + " exposes " + internalType.getName());
	}

}
