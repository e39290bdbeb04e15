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
        ("React", "Docker", "Kubernetes", "Redis", "gRPC", "AWS", "Kafka", "GraphQL", "Rust", "Django", "FastAPI"),
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
        ("A/B testing", "R", "Tableau", "Causal inference", "Bayesian statistics", "Time series", "Looker"),
        140_000,
        (
            "design and analyse experiments that decide what we ship",
            "build models that forecast demand and explain what drives it",
            "turn messy product data into decisions leadership can act on",
            "partner with product managers to define metrics",
        ),
        ("time series and forecasting", "econometrics", "anomaly detection", "quantitative analysis"),
    ),
    RoleFamily(
        "ml",
        ("Machine Learning Engineer", "Applied Scientist", "Deep Learning Engineer"),
        ("Python", "PyTorch", "Machine learning", "Deep learning"),
        ("TensorFlow", "NLP", "Computer vision", "Transformers", "LLMs", "Spark", "CUDA", "MLflow", "Recommender systems"),
        175_000,
        (
            "train and ship models that power search and recommendations",
            "fine-tune large language models for our assistant",
            "build evaluation pipelines that catch regressions before release",
            "work with researchers to bring new model ideas to production",
        ),
        ("NLP/LLMs", "computer vision", "recommender systems", "deep learning", "reinforcement learning", "speech"),
    ),
    RoleFamily(
        "mlops",
        ("MLOps Engineer", "ML Platform Engineer"),
        ("Python", "Kubernetes", "Docker", "MLflow", "CI/CD"),
        ("Kubeflow", "Terraform", "AWS SageMaker", "Airflow", "Ray", "Prometheus", "Feature stores"),
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
    "Aisha", "Alejandro", "Amara", "Anders", "Ana", "Arjun", "Beatriz", "Chen", "Chloe", "Daniel",
    "Dmitri", "Elif", "Emeka", "Emma", "Fatima", "Felix", "Grace", "Hana", "Hiroshi", "Ines",
    "Ivan", "Jamal", "Jia", "Jonas", "Julia", "Kwame", "Lars", "Layla", "Lucas", "Maya",
    "Mei", "Mohammed", "Nadia", "Noah", "Olga", "Omar", "Priya", "Rafael", "Rosa", "Sami",
    "Sara", "Sofia", "Tariq", "Thandiwe", "Tomás", "Valentina", "Wei", "Yara", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Adeyemi", "Andersson", "Bakker", "Banerjee", "Costa", "Dubois", "Eriksen", "Fernández", "García",
    "Haddad", "Ivanova", "Jensen", "Kim", "Kowalski", "Kumar", "Li", "Martin", "Mensah", "Müller",
    "Nakamura", "Nguyen", "Novak", "O'Brien", "Okafor", "Papadopoulos", "Patel", "Rossi", "Santos",
    "Schmidt", "Silva", "Singh", "Smith", "Tanaka", "Williams", "Wang", "Yilmaz", "Zhang",
)

COMPANY_FIRST = (
    "Northwind", "Globex", "Cedar", "Quantum", "Lumen", "Orbit", "Harbor", "Juniper", "Maple", "Aurora",
    "Cobalt", "Summit", "Atlas", "Beacon", "Vector", "Nimbus", "Falcon", "Prism", "Tidal", "Ember",
    "Granite", "Helix", "Kestrel", "Meridian", "Nova",
)
COMPANY_SECOND = ("Analytics", "Labs", "Systems", "Robotics", "Health", "Pay", "Cloud", "AI", "Logistics", "Energy")
COMPANY_FORMS = ("Inc.", "GmbH", "Ltd", "", "B.V.", "SAS", "Corp.")

UNIVERSITIES = (
    "University of Toronto", "TU Munich", "University of Edinburgh", "IIT Bombay", "EPFL",
    "University of Washington", "Universidad de Buenos Aires", "KTH Royal Institute of Technology",
    "University of Lagos", "National University of Singapore", "Georgia Tech", "Sorbonne University",
)
DEGREES = ("BSc Computer Science", "MSc Data Science", "BEng Software Engineering", "MSc Statistics",
           "PhD Machine Learning", "BSc Mathematics", "MSc Computer Science", "BSc Physics")

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
