"""The vocabulary the demo marketplace is written from: role families, places, names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoleFamily:
    key: str
    titles: tuple[str, ...]
    core_skills: tuple[str, ...]
    extra_skills: tuple[str, ...]
    base_salary_usd: int  # mid-level, United States
    duties: tuple[str, ...]
    specialisms: tuple[str, ...] = ()


FAMILIES: tuple[RoleFamily, ...] = (
    RoleFamily(
        "software",
        ("Backend Engineer", "Software Engineer", "Full-Stack Engineer", "Frontend Engineer"),
        ("Python", "Go", "Java", "TypeScript", "PostgreSQL", "REST APIs"),
        (
            "React",
            "Docker",
            "Kubernetes",
            "Redis",
            "gRPC",
            "AWS",
            "Kafka",
            "GraphQL",
            "Rust",
            "Django",
            "FastAPI",
        ),
        150_000,
        (
            "design and build services that handle millions of requests a day",
            "own features end to end, from design review to production monitoring",
            "improve the reliability and latency of our core APIs",
            "mentor engineers and raise the bar of code review",
        ),
    ),
    RoleFamily(
        "data-science",
        ("Data Scientist", "Product Data Scientist", "Decision Scientist"),
        ("Python", "SQL", "Statistics", "pandas", "scikit-learn"),
        (
            "A/B testing",
            "R",
            "Tableau",
            "Causal inference",
            "Bayesian statistics",
            "Time series",
            "Looker",
        ),
        140_000,
        (
            "design and analyse experiments that decide what we ship",
            "build models that forecast demand and explain what drives it",
            "turn messy product data into decisions leadership can act on",
            "partner with product managers to define metrics",
        ),
        (
            "time series and forecasting",
            "econometrics",
            "anomaly detection",
            "quantitative analysis",
        ),
    ),
    RoleFamily(
        "ml",
        ("Machine Learning Engineer", "Applied Scientist", "Deep Learning Engineer"),
        ("Python", "PyTorch", "Machine learning", "Deep learning"),
        (
            "TensorFlow",
            "NLP",
            "Computer vision",
            "Transformers",
            "LLMs",
            "Spark",
            "CUDA",
            "MLflow",
            "Recommender systems",
        ),
        175_000,
        (
            "train and ship models that power search and recommendations",
            "fine-tune large language models for our assistant",
            "build evaluation pipelines that catch regressions before release",
            "work with researchers to bring new model ideas to production",
        ),
        (
            "NLP/LLMs",
            "computer vision",
            "recommender systems",
            "deep learning",
            "reinforcement learning",
            "speech",
        ),
    ),
    RoleFamily(
        "mlops",
        ("MLOps Engineer", "ML Platform Engineer"),
        ("Python", "Kubernetes", "Docker", "MLflow", "CI/CD"),
        (
            "Kubeflow",
            "Terraform",
            "AWS SageMaker",
            "Airflow",
            "Ray",
            "Prometheus",
            "Feature stores",
        ),
        165_000,
        (
            "run the platform our data scientists train and deploy models on",
            "automate model deployment, monitoring and rollback",
            "keep GPU clusters busy and cheap",
            "define how models move from notebook to production",
        ),
        ("deep learning", "optimisation"),
    ),
    RoleFamily(
        "devops",
        ("DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Cloud Engineer"),
        ("Linux", "Terraform", "Kubernetes", "AWS", "CI/CD"),
        ("GCP", "Azure", "Prometheus", "Grafana", "Ansible", "Bash", "Go", "Helm", "Observability"),
        150_000,
        (
            "keep our services up and our deploys boring",
            "build infrastructure as code for three cloud regions",
            "lead incident response and blameless post-mortems",
            "cut our cloud bill without slowing teams down",
        ),
    ),
    RoleFamily(
        "data-engineering",
        ("Data Engineer", "Analytics Engineer", "Big Data Engineer"),
        ("Python", "SQL", "Spark", "Airflow"),
        ("dbt", "Kafka", "Snowflake", "BigQuery", "Scala", "Data modeling", "Flink", "Databricks"),
        145_000,
        (
            "build the pipelines that feed our warehouse and our models",
            "design data models analysts love to query",
            "make streaming data arrive on time and correct",
            "own data quality checks across the platform",
        ),
        ("geospatial", "time series and forecasting"),
    ),
)

SENIORITY_LEVELS: tuple[tuple[str, str, float, tuple[float, float]], ...] = (
    # (seniority, title prefix, salary factor, years of experience range)
    ("junior", "Junior ", 0.7, (0.5, 2.5)),
    ("mid", "", 1.0, (2.5, 5.5)),
    ("senior", "Senior ", 1.3, (5.5, 10.0)),
    ("staff", "Staff ", 1.6, (9.0, 16.0)),
    ("lead", "Lead ", 1.5, (8.0, 15.0)),
)

# (city, ISO country, currency, salary factor against the US, units of currency per USD)
PLACES: tuple[tuple[str, str, str, float, float], ...] = (
    ("San Francisco", "US", "USD", 1.15, 1.0),
    ("New York", "US", "USD", 1.1, 1.0),
    ("Austin", "US", "USD", 0.95, 1.0),
    ("Seattle", "US", "USD", 1.05, 1.0),
    ("Toronto", "CA", "CAD", 0.7, 1.37),
    ("London", "GB", "GBP", 0.65, 0.79),
    ("Dublin", "IE", "EUR", 0.6, 0.92),
    ("Berlin", "DE", "EUR", 0.55, 0.92),
    ("Amsterdam", "NL", "EUR", 0.58, 0.92),
    ("Paris", "FR", "EUR", 0.5, 0.92),
    ("Lisbon", "PT", "EUR", 0.35, 0.92),
    ("Warsaw", "PL", "PLN", 0.35, 4.0),
    ("Stockholm", "SE", "SEK", 0.5, 10.5),
    ("Bangalore", "IN", "INR", 0.22, 83.0),
    ("Singapore", "SG", "SGD", 0.7, 1.35),
    ("Sydney", "AU", "AUD", 0.65, 1.52),
)

FIRST_NAMES = (
    "Aisha",
    "Alejandro",
    "Amara",
    "Anders",
    "Ana",
    "Arjun",
    "Beatriz",
    "Chen",
    "Chloe",
    "Daniel",
    "Dmitri",
    "Elif",
    "Emeka",
    "Emma",
    "Fatima",
    "Felix",
    "Grace",
    "Hana",
    "Hiroshi",
    "Ines",
    "Ivan",
    "Jamal",
    "Jia",
    "Jonas",
    "Julia",
    "Kwame",
    "Lars",
    "Layla",
    "Lucas",
    "Maya",
    "Mei",
    "Mohammed",
    "Nadia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sami",
    "Sara",
    "Sofia",
    "Tariq",
    "Thandiwe",
    "Tomás",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
)
LAST_NAMES = (
    "Adeyemi",
    "Andersson",
    "Bakker",
    "Banerjee",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fernández",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kim",
    "Kowalski",
    "Kumar",
    "Li",
    "Martin",
    "Mensah",
    "Müller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "O'Brien",
    "Okafor",
    "Papadopoulos",
    "Patel",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Tanaka",
    "Williams",
    "Wang",
    "Yilmaz",
    "Zhang",
)

COMPANY_FIRST = (
    "Northwind",
    "Globex",
    "Cedar",
    "Quantum",
    "Lumen",
    "Orbit",
    "Harbor",
    "Juniper",
    "Maple",
    "Aurora",
    "Cobalt",
    "Summit",
    "Atlas",
    "Beacon",
    "Vector",
    "Nimbus",
    "Falcon",
    "Prism",
    "Tidal",
    "Ember",
    "Granite",
    "Helix",
    "Kestrel",
    "Meridian",
    "Nova",
)
COMPANY_SECOND = (
    "Analytics",
    "Labs",
    "Systems",
    "Robotics",
    "Health",
    "Pay",
    "Cloud",
    "AI",
    "Logistics",
    "Energy",
)
COMPANY_FORMS = ("Inc.", "GmbH", "Ltd", "", "B.V.", "SAS", "Corp.")

UNIVERSITIES = (
    "University of Toronto",
    "TU Munich",
    "University of Edinburgh",
    "IIT Bombay",
    "EPFL",
    "University of Washington",
    "Universidad de Buenos Aires",
    "KTH Royal Institute of Technology",
    "University of Lagos",
    "National University of Singapore",
    "Georgia Tech",
    "Sorbonne University",
)
DEGREES = (
    "BSc Computer Science",
    "MSc Data Science",
    "BEng Software Engineering",
    "MSc Statistics",
    "PhD Machine Learning",
    "BSc Mathematics",
    "MSc Computer Science",
    "BSc Physics",
)

DECLINE_REASONS = (
    "The salary is below what I am looking for.",
    "I am focusing on remote roles only.",
    "I accepted another offer, thank you.",
    "The role is more junior than I want.",
    "",
)
MESSAGES = (
    "Thanks for accepting! Could you share a few times for a 30-minute intro call next week?",
    "Tuesday or Thursday afternoon works for me.",
    "Great, I have sent an invite for Thursday at 3pm.",
    "Looking forward to it. Is there anything I should prepare?",
)

# Interview loops the demo companies list on their jobs (two jobs in three list one), by family.
INTERVIEW_LOOPS: dict[str, tuple[str, ...]] = {
    "software": ("Recruiter screen", "Live coding", "System design", "Team fit"),
    "data-science": (
        "Recruiter call",
        "SQL exercise",
        "Stats deep dive",
        "Case study",
        "Hiring manager",
    ),
    "ml": ("Phone screen", "Coding", "ML deep dive", "ML system design", "Hiring manager"),
    "mlops": ("Recruiter screen", "Take-home review", "ML system design", "Values"),
    "devops": ("Recruiter screen", "Live debugging", "Architecture interview", "Team fit"),
    "data-engineering": ("Recruiter screen", "SQL exercise", "Pipeline design", "Stakeholder chat"),
}

# The demo employer's hiring history (see ``demo/history.py``), one story per candidate: what
# happened, how many days ago, in order. Each step is (days ago, what, argument, text):
#   sent                the company sends a request (text: its message)
#   accepted            the candidate accepts          declined  ...declines (text: the reason)
#   withdrawn           the company withdraws it        stage     moved to the stage (argument)
#   writes / says       a message from the company / from the candidate
#   score               a scorecard (argument "stage:rating", text: its notes)
#   offer               an offer (argument: days it stays open); offer_accepted: hired
#   times               interview times proposed (argument: days ahead); picked: the first one
#   shortlist / note    into a shortlist (argument: its name) / a private note on the candidate
# Requests still waiting for an answer are sent within the last days, so none expires.
HistoryStep = tuple[float, str, str, str]
SHORTLIST_NEXT = "Next to contact"
SHORTLIST_WARM = "Keep warm"
HIRING_STORIES: tuple[tuple[HistoryStep, ...], ...] = (
    (  # hired, the whole loop with a thread and scorecards
        (38, "sent", "", "Your experience looks like exactly what our team needs."),
        (37, "accepted", "", ""),
        (36.9, "writes", "", "Thanks for accepting! Could you do a 30-minute intro call?"),
        (36.5, "says", "", "Happy to. Tuesday or Thursday afternoon works for me."),
        (36.2, "writes", "", "Great, I have sent an invite for Thursday at 3pm."),
        (35, "score", "screening:4", "Clear on trade-offs, asked good questions about the team."),
        (33, "stage", "technical", ""),
        (31, "score", "technical:4", "Clean code, tested as they went, finished early."),
        (28, "stage", "onsite", ""),
        (26, "score", "onsite:3", "Good system design; a little quiet in the team round."),
        (24, "offer", "7", ""),
        (23.5, "says", "", "Thank you for the offer! I will read it through tonight."),
        (22, "offer_accepted", "", ""),
    ),
    (  # hired, faster
        (30, "sent", "", "We would love to tell you about the role and the team."),
        (29, "accepted", "", ""),
        (27, "score", "screening:3", "Solid background, strong on the fundamentals."),
        (25, "stage", "technical", ""),
        (21, "stage", "onsite", ""),
        (20, "score", "onsite:4", "Everyone on the panel wants to work with them."),
        (16, "offer", "7", ""),
        (15, "offer_accepted", "", ""),
    ),
    (  # an open offer waiting for an answer
        (21, "sent", "", "Your profile stood out: can we tell you about the role?"),
        (20, "accepted", "", ""),
        (19.8, "writes", "", "Welcome! Here is a short outline of our interview loop."),
        (19.5, "says", "", "Thanks, that helps. Anything I should prepare?"),
        (19.2, "writes", "", "Nothing special: bring an example of a system you built."),
        (16, "stage", "technical", ""),
        (15, "score", "technical:4", "Strong debugging, explained every step."),
        (11, "stage", "onsite", ""),
        (10, "score", "onsite:3", "Good fit; check salary expectations early."),
        (3, "offer", "7", ""),
        (2.5, "says", "", "Thanks! Could we talk about the start date?"),
    ),
    (  # on-site, with interview times proposed to pick from
        (14, "sent", "", "We are growing the team and think you would enjoy it."),
        (13, "accepted", "", ""),
        (9, "stage", "technical", ""),
        (8, "score", "technical:3", "Good fundamentals; a bit slow on the second exercise."),
        (4, "stage", "onsite", ""),
        (2, "times", "6", ""),
        (1.8, "writes", "", "I proposed three times for the on-site; pick whichever suits you."),
    ),
    (  # technical interview booked
        (10, "sent", "", "Your experience matches what we need; shall we talk?"),
        (9, "accepted", "", ""),
        (7, "score", "screening:3", "Motivated, knows the domain."),
        (5, "stage", "technical", ""),
        (4, "times", "2", ""),
        (3, "picked", "", ""),
        (2.9, "says", "", "Booked, see you then!"),
    ),
    (  # technical
        (12, "sent", "", "We think you would be a great fit for this role."),
        (11, "accepted", "", ""),
        (6, "stage", "technical", ""),
    ),
    (  # screening, a thread just started
        (6, "sent", "", "Would you like to hear more about the role?"),
        (5, "accepted", "", ""),
        (4.8, "writes", "", "Thanks for accepting! When could you do a first call?"),
        (4.5, "says", "", "Any morning this week works."),
    ),
    (  # screening
        (4, "sent", "", "Your background caught our eye; let's talk."),
        (3, "accepted", "", ""),
        (2, "note", "", "Referred by our tech lead; fast-track if the screen goes well."),
    ),
    (  # not selected after the technical interview
        (25, "sent", "", "We would love to talk about the role."),
        (24, "accepted", "", ""),
        (22, "score", "screening:3", "Friendly, relevant experience."),
        (19, "stage", "technical", ""),
        (18, "score", "technical:1", "Could not get the exercise running; little testing."),
        (15, "stage", "not_selected", "not enough depth in the technical interview"),
        (15, "shortlist", SHORTLIST_WARM, ""),
    ),
    (  # not selected after screening
        (18, "sent", "", "Your profile looks like a good match."),
        (17, "accepted", "", ""),
        (16, "score", "screening:2", "Looking for a more junior role than this one."),
        (13, "stage", "not_selected", "expectations did not match the role's level"),
    ),
    (  # declined, salary
        (20, "sent", "", "Hi! We would love to talk about the role."),
        (19, "declined", "", "The salary is below what I am looking for."),
        (18, "note", "", "Declined on salary; revisit if the band moves."),
        (18, "shortlist", SHORTLIST_WARM, ""),
    ),
    (  # declined, remote
        (9, "sent", "", "We think you would enjoy working with us."),
        (8, "declined", "", "I am focusing on remote roles only."),
    ),
    (  # withdrawn: the role's brief changed
        (16, "sent", "", "Interested in talking about the role?"),
        (11, "withdrawn", "", ""),
    ),
    ((3, "sent", "", "Your experience looks like a great fit; we would love to talk."),),
    ((2, "sent", "", "Hi! Would you like to hear about our team?"),),
    ((1, "sent", "", "We are hiring and your profile stood out."),),
    (  # prospects, no request yet
        (12, "shortlist", SHORTLIST_NEXT, ""),
        (12, "note", "", "Strong open-source work; contact when the next role opens."),
    ),
    (
        (8, "shortlist", SHORTLIST_NEXT, ""),
        (7, "note", "", "Salary expectation fits the band; good on Kubernetes."),
    ),
    ((5, "shortlist", SHORTLIST_NEXT, ""),),
)
