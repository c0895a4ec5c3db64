"""A typical mistake: the serializer's name field allows blank names."""

from sample_answers import with_edit
from sample_answers.drf_api import DRF_GENERIC_VIEWS

DESCRIPTION = 'wrong: name may be blank'
EXPECTED_SCORE = 19.15

ANSWERS = {
    "drf_api": with_edit(
        DRF_GENERIC_VIEWS,
        old='''class ProductSerializer(serializers.ModelSerializer):
''',
        new='''class ProductSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=100, allow_blank=True)

'''),
}
